### Messages of the Telegram channel.

## The commands menu: one short description per command.

telegram-command-start = Başla veya devam et
telegram-command-help = Yardım: neler yazabilirsiniz
telegram-command-language = Dili değiştir
telegram-command-back = Önceki soruya dön
telegram-command-human = Bir kişiyle konuş
telegram-command-appointment = Randevum
telegram-command-mydata = Verilerim: hakkımda neler saklanıyor
telegram-command-erase = Verilerimi sil

## Messages the bot cannot read.

telegram-unsupported = Yalnızca yazı ve düğmeleri okuyabiliyorum. Lütfen cevabınızı yazın.
telegram-voice = Sesli mesajları dinleyemiyorum. Lütfen cevabınızı yazın.
telegram-location = Teşekkürler, ama konumları okuyamıyorum. Lütfen posta kodunuzu veya yaşadığınız yeri yazın.
telegram-contact = Teşekkürler, ama kişi kartlarını okuyamıyorum. Lütfen telefon numarasını yazın.
telegram-edited = Bir mesajı değiştirdiniz: ilk hâlini tutuyorum. Bir cevabı düzeltmek için “düzelt” yazın.
telegram-private-only = Yalnızca özel sohbette cevap veriyorum. Lütfen bana doğrudan yazın.
