### Messages shared by every dialogue: answers, commands, the engine's own messages, menus.

## Language names, each written in its own language.

language-name-fr = Français
    .synonyms = francais, french, fransais, فرنسي, فرنسية, الفرنسية, فرنساوي
language-name-en = English
    .synonyms = anglais, inglés, english, angliyskiy, انجليزي, انجليزية, الانجليزية, انكليزي, الانكليزية
language-name-ar = العربية
    .synonyms = arabe, arabic, arabi, عربي, عربية, عربى, العربي
language-name-uk = Українська
    .synonyms = ukrainien, ukrainian, ukrainska, украинский, اوكراني, اوكرانية, الاوكرانية
language-name-ru = Русский
    .synonyms = russe, russian, russkiy, русский язык, روسي, روسية, الروسية
language-name-es = Español
    .synonyms = espagnol, spanish, espanol, castellano, اسباني, اسبانية, الاسبانية
language-name-pt = Português
    .synonyms = portugais, portuguese, portugues, برتغالي, برتغالية, البرتغالية
language-name-tr = Türkçe
    .synonyms = turc, turkish, turkce, تركي, تركية, التركية
# Before the language menu, in the language the phone number suggests.
language-proposal = { $language }؟ اكتب { $number }.

## Yes, no, rather not say. Synonyms are the words people type instead.

answer-yes = نعم
    .synonyms = ايوه, ايوا, ايه, اه, اجل, واه, طيب, حسنا, موافق, ok, naam, oui, yes
answer-no = لا
    .synonyms = لأ, كلا, لا شكرا, غير موافق, la, non, no
answer-rather-not = بدون إجابة
    .synonyms = أفضل عدم الإجابة, افضل عدم الاجابة, لا اريد الاجابة, لا اريد ان اجيب, بدون اجابة, ne pas repondre, je prefere pas

## Global commands: the first word is the one shown in the help.

command-start = إعادة
    .synonyms = اعادة, من جديد, من البداية, ابدا من جديد, البدء من جديد, recommencer, restart
command-help = مساعدة
    .synonyms = ?, ؟, مساعده, ساعدني, النجدة, لا افهم, لم افهم, ما فهمت, sos, aide, help
command-back = رجوع
    .synonyms = ارجع, رجوع للخلف, السابق, السؤال السابق, عودة, retour, back
command-skip = تخطي
    .synonyms = تخطى, تجاوز, التالي, السؤال التالي, passer, skip
command-language = اللغة
    .synonyms = لغة, اللغات, تغيير اللغة, غير اللغة, langue, language
command-human = مستشار
    .synonyms = مستشارة, موظف, موظفة, شخص, انسان, التحدث مع شخص, اريد التحدث مع شخص, conseiller, humain, human
command-stop = توقف
    .synonyms = توقف مؤقت, استراحة, ايقاف, وقف, pause, stop
command-erase = مسح
    .synonyms = امسح, مسح بياناتي, امسح بياناتي, حذف, احذف, حذف بياناتي, effacer, supprimer
command-change = تعديل
    .synonyms = تصحيح, تغيير, تغيير اجابة, تعديل اجابة, تصحيح اجابة, modifier, corriger

## The engine's messages.

engine-welcome-back = مرحبًا بعودتك! لنكمل من حيث توقفنا.
engine-dialogue-updated = تغيرت الأسئلة قليلًا. سنكمل من السؤال المناسب.
engine-resume-offer = مرحبًا بعودتك! هل تريد أن تكمل من حيث توقفت؟
engine-restart = حسنًا، سنبدأ من جديد.
engine-already-ended = لقد انتهت الأسئلة. اكتب «إعادة» لتبدأ من جديد، أو «مستشار» لتتحدث مع شخص.
engine-help =
    { $stuck ->
        [yes] لا مشكلة، سأساعدك.
       *[no] هذا ما يمكنك أن تكتبه:
    }
    • رقم إجابتك أو كلمة منها؛
    • «رجوع» للعودة إلى السؤال السابق؛
    • «تخطي» لتجاوز سؤال اختياري؛
    • «تعديل» لتصحيح إجابة؛
    • «اللغة» لتغيير اللغة؛
    • «مستشار» للتحدث مع شخص؛
    • «توقف» لأخذ استراحة؛
    • «بياناتي» لترى ما أحتفظ به وتغيّره؛
    • «مسح» لمسح بياناتك.
    .sms =
        { $stuck ->
            [yes] لا مشكلة، سأساعدك. يمكنك أن تكتب:
           *[no] يمكنك أن تكتب:
        } رقم إجابتك، «رجوع»، «تخطي»، «تعديل»، «اللغة»، «مستشار»، «توقف»، «بياناتي» أو «مسح».
engine-human =
    { $stored ->
        [yes] تم تسجيل طلبك: سيتصل بك شخص من فريق الاستقبال.
       *[no] للتحدث مع شخص، اتصل بالرقم 3949 ({ -france-travail })، أو اذهب إلى مكتب { -france-services-explained }.
    } يمكنك أيضًا أن تكمل هنا.
engine-paused = حسنًا، سنأخذ استراحة. اكتب لي متى شئت، وسنكمل من هنا.
engine-erase-confirm = هل تريد حقًا مسح كل إجاباتك؟ لن نستطيع استرجاعها بعد ذلك.
engine-erased = تم مسح كل ما قلته لي. يمكنك أن تبدأ من جديد متى شئت.
engine-erase-cancelled = حسنًا، لن أمسح شيئًا.
engine-back = حسنًا، لنعد إلى السؤال السابق.
engine-back-nothing = نحن في البداية: لا يوجد سؤال قبل هذا.
engine-skip-refused = لا يمكن تخطي هذا السؤال: أحتاج إلى إجابتك لأكمل.
engine-language-prompt = أي لغة تفضل؟
engine-language-known = مرحبًا! أنا مساعد الخدمة العامة للإدماج والعمل. سأكتب لك بالعربية. لتغيير اللغة، اكتب «{ command-language }».
engine-progress = الجزء { $part } من { $total }: { $name }
engine-stuck = عذرًا، هناك مشكلة في هذه الأسئلة. سيتابع معك شخص من فريق الاستقبال.
engine-stale-choice = هذا السؤال مغلق. من فضلك، أجب عن السؤال الأخير.
engine-summary =
    هذا ما قلته لي:
    { $lines }
engine-summary-line = • { $label }: { $value }
engine-change-prompt = أي إجابة تريد أن تصحح؟
engine-change-nothing = لم تجب عن أي سؤال بعد.
engine-change-hint = هناك خطأ؟ اكتب «تعديل» لتصحيح إجابة.
    .sms = { "" }
engine-summary-brief =
    { $count ->
        [zero] لم أسجّل أي إجابة بعد.
        [one] سجّلت إجابتك. لقراءتها، اكتب «{ command-summary }».
        [two] سجّلت إجابتيك. لقراءتهما، اكتب «{ command-summary }».
        [few] سجّلت { $count } إجابات. لقراءتها، اكتب «{ command-summary }».
        [many] سجّلت { $count } إجابة. لقراءتها، اكتب «{ command-summary }».
       *[other] سجّلت { $count } إجابة. لقراءتها، اكتب «{ command-summary }».
    }

## How answers read back.

value-skipped = (تم تخطي السؤال)
value-withheld = (لم نطرح هذا السؤال)

## Menus.

menu-reply =
    { $count ->
        [1] اكتب 1.
        [2] اكتب 1 أو 2.
        [3] اكتب 1 أو 2 أو 3.
        [4] اكتب 1 أو 2 أو 3 أو 4.
       *[other] رقم من 1 إلى { $count }.
    }
menu-reply-multi = رقم أو أكثر: 1, 3.
menu-reply-multi-buttons = اضغط على إجابة، أو اكتب عدة أرقام بينها فواصل.

## Lists and dates.

list-separator = {"، "}
# Between items when one of them holds the plain separator itself.
list-separator-strong = {"؛ "}
list-item = • { $item }
list-and = { $first } و{ $last }
list-or = { $first } أو { $last }
date-long = { $day } { $month } { $year }
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر

## Why an answer was not understood. The step's own hint follows.

miss-empty = لم يصلني شيء.
miss-not-an-option = لم أفهم إجابتك.
miss-ambiguous = هل تقصد { $options }؟
miss-unknown-part = لم أفهم «{ $part }».
miss-too-few =
    { $min ->
        [one] اختر إجابة واحدة على الأقل.
        [two] اختر إجابتين على الأقل.
        [few] اختر { $min } إجابات على الأقل.
        [many] اختر { $min } إجابة على الأقل.
       *[other] اختر { $min } إجابة على الأقل.
    }
miss-too-many =
    { $max ->
        [one] اختر إجابة واحدة فقط.
        [two] اختر إجابتين على الأكثر.
        [few] اختر { $max } إجابات على الأكثر.
        [many] اختر { $max } إجابة على الأكثر.
       *[other] اختر { $max } إجابة على الأكثر.
    }
miss-exclusive = لا يمكن اختيار «{ $option }» مع إجابات أخرى.
miss-not-a-number = من فضلك، اكتب عددًا بالأرقام.
miss-birth-month = لأوجّهك إلى المكان المناسب، أحتاج أيضًا إلى شهر ميلادك. اكتب الشهر والسنة، مثلًا 03/2000، أو تاريخ ميلادك.
miss-too-low = هذا العدد صغير جدًا. أصغر عدد ممكن: { $min }.
miss-too-high = هذا العدد كبير جدًا. أكبر عدد ممكن: { $max }.
miss-not-a-date = لم أتعرف على التاريخ.
miss-date-future = هذا التاريخ في المستقبل.
miss-date-past = هذا التاريخ قد مضى.
miss-not-a-place = لم أتعرف على هذا الرمز البريدي أو هذا المكان.
miss-not-a-phone = لم أتعرف على رقم الهاتف هذا.
miss-too-long = رسالتك طويلة جدًا. أكبر عدد ممكن من الحروف: { $max }.
miss-no-match = الصيغة غير صحيحة.

## Urgent situations: said at once, in the person's language.

urgent-danger = إذا كنت في خطر، اتصل فورًا بالرقم 17 (الشرطة) أو 112. في حالة العنف: اتصل بالرقم 3919، مجانًا ودون ذكر اسمك. سيهتم فريق الاستقبال بطلبك أولًا.
urgent-violence = لست وحدك. اتصل بالرقم 3919: الاتصال مجاني، ودون ذكر اسمك، ليلًا ونهارًا. إذا كنت في خطر الآن: اتصل بالرقم 17 أو 112، أو أرسل رسالة SMS إلى 114. سيهتم فريق الاستقبال بطلبك أولًا.
urgent-child-danger = إذا كان طفل في خطر، اتصل بالرقم 119: مجانًا، ليلًا ونهارًا. إذا كان الخطر الآن: اتصل بالرقم 17 أو 112. سيهتم فريق الاستقبال بطلبك أولًا.
urgent-suicide = يمكنك أن تتحدث عن ذلك الآن: اتصل بالرقم 3114، مجانًا، ليلًا ونهارًا. إذا كنت في خطر الآن: اتصل بالرقم 15 أو 112. سيهتم فريق الاستقبال بطلبك أولًا.
urgent-no-housing-tonight = لتنام في مكان آمن هذه الليلة، اتصل بالرقم 115: الاتصال مجاني، ليلًا ونهارًا. سيهتم فريق الاستقبال بطلبك أولًا.
urgent-no-food = لتحصل على طعام اليوم، اذهب إلى { -ccas-explained }، أو اتصل بالرقم 115. سيهتم فريق الاستقبال بطلبك أولًا.

## The orientation proposed at the end.

orientation-understood =
    هذا ما فهمته:
    { $needs }
orientation-understood-none = لم تذكر أي صعوبة خاصة.
orientation-proposal = أقترح عليك مرافقة مع { $lead }: { $parcours }.
    .sms = أقترح عليك مرافقة مع { $lead }: { $parcours }.
orientation-because =
    لماذا:
    { $reasons }
orientation-with = سيحضر أيضًا في موعدك الأول: { $body }.
    .sms = ومعك أيضًا: { $body }.
orientation-also =
    جهات أخرى يمكنها مساعدتك:
    { $partners }
orientation-next = هذا اقتراح فقط: الجهة التي سترافقك ستؤكده معك.
    .sms = { "" }
parcours-emploi = مسار العمل (Emploi)، لتجد عملًا بسرعة
    .sms = مسار العمل
parcours-global = المسار الشامل (Global)، للعمل ولصعوباتك في الوقت نفسه
    .sms = المسار الشامل
parcours-social = المسار الاجتماعي (Social)، لحل صعوباتك أولًا
    .sms = المسار الاجتماعي
body-france-travail = { -france-travail }
body-mission-locale = مركز { -mission-locale }
body-cap-emploi = مؤسسة { -cap-emploi }
body-conseil-departemental = الخدمة الاجتماعية في المقاطعة (Département)
    .sms = الخدمة الاجتماعية في المقاطعة
orientation-reason-under-26 = عمرك أقل من 26 سنة: مركز { -mission-locale } يساعد الشباب.
orientation-reason-rsa = تحصل على إعانة { -rsa }: المقاطعة (Département) هي التي توافق على مرافقتك.
orientation-reason-rsa-claim = طلبت إعانة { -rsa }: المقاطعة (Département) هي التي توافق على مرافقتك.
orientation-reason-disability = لديك اعتراف رسمي بالإعاقة: مؤسسة { -cap-emploi-explained } تعرف هذه الحالات جيدًا.
orientation-reason-disability-claim = ملفك عند { -mdph } قيد الدراسة.
orientation-reason-no-recent-work = لم تعمل منذ أكثر من سنتين.
orientation-reason-not-qualified = ليست لديك شهادة مهنية.
orientation-reason-not-ready = لا يمكنك أن تبدأ العمل الآن.
orientation-reason-ready-with-help = تريد أن تعمل، مع قليل من المساعدة.
orientation-reason-strong-barriers =
    { $count ->
        [one] هناك صعوبة واحدة تمنعك من العمل.
        [two] هناك صعوبتان تمنعانك من العمل.
        [few] هناك { $count } صعوبات تمنعك من العمل.
        [many] هناك { $count } صعوبة تمنعك من العمل.
       *[other] هناك { $count } صعوبة تمنعك من العمل.
    }
orientation-reason-medium-barriers =
    { $count ->
        [one] هناك صعوبة واحدة تزعجك قليلًا.
        [two] هناك صعوبتان تزعجانك قليلًا.
        [few] هناك { $count } صعوبات تزعجك قليلًا.
        [many] هناك { $count } صعوبة تزعجك قليلًا.
       *[other] هناك { $count } صعوبة تزعجك قليلًا.
    }
orientation-reason-ready = يمكنك أن تعمل الآن، ولا شيء يمنعك حقًا.
orientation-reason-urgent = أخبرتني بوضع عاجل: سيهتم فريق الاستقبال بموعدك أولًا.
orientation-reason-safety-first = أخبرتني بحالة طارئة (لا مأوى الليلة، أو عنف، أو خطر): موعدك الأول مع الخدمة الاجتماعية للمقاطعة (Département)، لمساعدتك بسرعة.
partner-ccas = { -ccas-explained }
partner-caf = { -caf-explained }
partner-siao = الرقم 115، لإيجاد مكان للنوم
partner-france-services = { -france-services-explained }
partner-cpam = { -assurance-maladie-explained }
partner-mdph = { -mdph-explained }
partner-cap-emploi = مؤسسة { -cap-emploi-explained }
partner-conseiller-numerique = مستشار رقمي، للمساعدة في الإنترنت والحاسوب
partner-ateliers-francais = دروس في اللغة الفرنسية قرب منزلك
partner-plateforme-mobilite = مركز للتنقل (plateforme mobilité)، لرخصة القيادة والمواصلات
partner-point-justice = مركز point-justice، لنصائح قانونية مجانية

## My data: what is kept, the consents, withdrawing them.

command-mydata = بياناتي
    .synonyms = معلوماتي, اعرض بياناتي, mes donnees
command-unshare = أوقف المشاركة
    .synonyms = اوقف المشاركة, لا تشارك, إيقاف المشاركة
command-summary = ملخص
    .synonyms = الملخص, إجاباتي, اجاباتي
engine-mydata-nothing = لا أحتفظ بأي شيء عنك: لم توافق على أن أحتفظ بإجاباتك.
engine-mydata-no-answers = أحتفظ بلغتك وموافقاتك، لكن لا توجد أي إجابة بعد.
engine-mydata =
    هذا ما أحتفظ به عنك:
    { $lines }
engine-mydata-invitation = لقد تلقيت دعوة: أعطانا المجلس الإقليمي رقمك وما تذكره قائمته عنك (الاسم، تاريخ الميلاد، الرمز البريدي، RSA، رقم تعريف France Travail). هذه المعلومات محمية مثل أجوبتك وتُحذف معها إذا طلبت ذلك.
engine-mydata-consents =
    لقد وافقت على:
    { $lines }
engine-mydata-consent-store = أن أحتفظ بإجاباتك
engine-mydata-consent-sensitive = أن أحتفظ بإجاباتك عن الصحة
engine-mydata-consent-share = أن أعرضها على الجهات التي تساعدك
engine-mydata-consent-reminders = أن تتلقى تذكيرات
engine-mydata-prompt = ماذا تريد أن تفعل؟
engine-mydata-opt-unshare = توقف عن عرضها على الجهات
engine-mydata-opt-unsensitive = امسح إجاباتي عن الصحة
engine-mydata-opt-noreminders = أوقف التذكيرات
engine-mydata-opt-erase = امسح كل شيء
engine-mydata-opt-continue = تابع
engine-unshared = تم: لن ترى الجهات إجاباتك بعد الآن.
engine-not-shared = إجاباتك لا تُعرض على أحد.
engine-sensitive-withdrawn = تم: مُسحت إجاباتك عن الصحة.
engine-reminders-withdrawn = تم: لن تتلقى تذكيرات بعد الآن.
engine-erase-receipt = رقم المسح: { $reference }. احتفظ به إذا أردت إثباته.

## Glossary: French institutions and papers keep their French name (what people read on letters
## and doors); the -explained form says once, in plain words, what they are.

-caf = CAF
-caf-explained = CAF (صندوق الإعانات العائلية)
-msa = MSA
-msa-explained = MSA (الضمان الاجتماعي الفلاحي)
-france-travail = France Travail
-france-travail-explained = France Travail (مصلحة التشغيل العمومية)
-rsa = RSA
-rsa-explained = RSA (إعانة لذوي الدخل المنخفض)
-cap-emploi = Cap emploi
-cap-emploi-explained = Cap emploi (مصلحة تشغيل الأشخاص ذوي الإعاقة)
-mission-locale = Mission Locale
-mission-locale-explained = Mission Locale (مرافقة الشباب من 16 إلى 25 سنة)
-brevet = brevet
-brevet-explained = brevet (شهادة نهاية التعليم الإعدادي)
-mutuelle = mutuelle
-mutuelle-explained = mutuelle (تأمين صحي تكميلي)
-css = Complémentaire santé solidaire
-css-explained = Complémentaire santé solidaire (تأمين صحي تكميلي مجاني، كان اسمه CMU)
-mdph = MDPH
-mdph-explained = MDPH (دار الأشخاص ذوي الإعاقة)
-rqth = RQTH
-rqth-explained = RQTH (صفة عامل ذي إعاقة)
-aah = AAH
-aah-explained = AAH (منحة الإعاقة للبالغين)
-ccas = CCAS
-ccas-explained = CCAS (المصلحة الاجتماعية للبلدية)
-france-services = France Services
-france-services-explained = France Services (مساعدة في المعاملات الإدارية)
-carte-vitale = بطاقة Vitale
-carte-vitale-explained = بطاقة Vitale (بطاقة التأمين الصحي)
-assurance-maladie = Assurance Maladie
-assurance-maladie-explained = Assurance Maladie (التأمين الصحي العمومي)
