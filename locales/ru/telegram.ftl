### Messages of the Telegram channel.

## The commands menu: one short description per command.

telegram-command-start = Начать или продолжить
telegram-command-help = Помощь: что можно написать
telegram-command-language = Сменить язык
telegram-command-back = Вернуться к предыдущему вопросу
telegram-command-human = Поговорить с человеком
telegram-command-appointment = Моя встреча
telegram-command-mydata = Мои данные: что обо мне хранится
telegram-command-erase = Удалить мои данные

## Messages the bot cannot read.

telegram-unsupported = Я читаю только текст и кнопки. Пожалуйста, напишите ваш ответ.
telegram-voice = Я не могу слушать голосовые сообщения. Пожалуйста, напишите ваш ответ.
telegram-location = Спасибо, но я не читаю геопозиции. Пожалуйста, напишите ваш почтовый индекс или населённый пункт.
telegram-contact = Спасибо, но я не читаю контакты. Пожалуйста, напишите номер телефона.
telegram-edited = Вы изменили сообщение: я сохраняю первую версию. Чтобы исправить ответ, напишите «изменить».
telegram-private-only = Я отвечаю только в личной переписке. Пожалуйста, напишите мне напрямую.
