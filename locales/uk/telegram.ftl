### Messages of the Telegram channel.

## The commands menu: one short description per command.

telegram-command-start = Почати або продовжити
telegram-command-help = Допомога: що можна написати
telegram-command-language = Змінити мову
telegram-command-back = Повернутися до попереднього питання
telegram-command-human = Поговорити з людиною
telegram-command-appointment = Моя зустріч
telegram-command-mydata = Мої дані: що про мене зберігається
telegram-command-erase = Видалити мої дані

## Messages the bot cannot read.

telegram-unsupported = Я читаю лише текст і кнопки. Будь ласка, напишіть вашу відповідь.
telegram-voice = Я не можу слухати голосові повідомлення. Будь ласка, напишіть вашу відповідь.
telegram-location = Дякую, але я не читаю геолокацію. Будь ласка, напишіть ваш поштовий індекс або населений пункт.
telegram-contact = Дякую, але я не читаю контакти. Будь ласка, напишіть номер телефону.
telegram-edited = Ви змінили повідомлення: я зберігаю першу версію. Щоб виправити відповідь, напишіть «змінити».
telegram-private-only = Я відповідаю лише в особистому чаті. Будь ласка, напишіть мені напряму.
