### Messages of the Telegram channel.

## The commands menu: one short description per command.

telegram-command-start = البدء أو المتابعة
telegram-command-help = مساعدة: ما يمكنك كتابته
telegram-command-language = تغيير اللغة
telegram-command-back = العودة إلى السؤال السابق
telegram-command-human = التحدث مع شخص
telegram-command-appointment = موعدي
telegram-command-mydata = بياناتي: ما يُحفظ عني
telegram-command-erase = مسح بياناتي

## Messages the bot cannot read.

telegram-unsupported = أستطيع قراءة النصوص والأزرار فقط. من فضلك اكتب إجابتك.
telegram-voice = لا أستطيع الاستماع إلى الرسائل الصوتية. من فضلك اكتب إجابتك.
telegram-location = شكرًا، لكنني لا أستطيع قراءة المواقع. من فضلك اكتب رمزك البريدي أو اسم بلدتك.
telegram-contact = شكرًا، لكنني لا أستطيع قراءة جهات الاتصال. من فضلك اكتب رقم الهاتف.
telegram-edited = لقد عدّلت رسالة: أحتفظ بالنسخة الأولى. لتصحيح إجابة، اكتب «تعديل».
telegram-private-only = أجيب فقط في محادثة خاصة. من فضلك راسلني مباشرة.
