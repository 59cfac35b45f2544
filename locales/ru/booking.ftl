### Booking the first appointment, the appointment later on, reminders.

## The booking step of the diagnostic.

diag-booking-prompt = Вот ближайшее свободное время для встречи. Какой вариант вам подходит?
diag-booking-hint = Напишите номер варианта.
diag-booking-short = Встреча
diag-done-prompt = Спасибо, до встречи! Напишите «встреча» в любой момент, чтобы посмотреть, отменить или перенести встречу.
    .sms = Спасибо!

## Offers.

booking-offer-prompt = Вот ближайшее свободное время для встречи. Какой вариант вам подходит?
booking-offer-prompt-joint = Вот варианты совместной встречи (также будет: { $with }). Какой вам подходит?
booking-offer-prompt-joint-at = Вот варианты совместной встречи ({ $place }, также будет: { $with }). Какой вам подходит?
    .sms = { $place } и { $with }. Когда удобно?
booking-offer-prompt-joint-at-format = Вот варианты совместной встречи ({ $place }, { $format }, также будет: { $with }). Какой вам подходит?
    .sms = { $place } и { $with }, { $format }. Когда удобно?
booking-offer = { $when }, { $format } ({ $place })
    .button = { $when }
booking-offer-prompt-at = Вот ближайшее свободное время для встречи ({ $place }). Какой вариант вам подходит?
    .sms = { $place }. Когда удобно?
booking-offer-prompt-at-format = Вот ближайшее свободное время для встречи ({ $place }, { $format }). Какой вариант вам подходит?
    .sms = { $place }, { $format }. Когда удобно?
booking-offer-format = { $when }, { $format }
    .button = { $when }
booking-offer-when = { $when }
    .button = { $when }
booking-more = Другие даты
    .synonyms = другие даты, другая дата, другие, позже, drugie daty
booking-call-me = Ничего не подходит, перезвоните мне
    .sms = Перезвоните мне
    .synonyms = перезвоните, перезвоните мне, позвоните мне, ничего не подходит, ни один
booking-taken = Извините, это время только что заняли. Ищу другие даты.
booking-no-more = Пока других свободных дат нет.
booking-none = Пока не удалось найти свободное время для встречи.
booking-waiting = Записано: наш сотрудник позвонит вам в течение 2 рабочих дней, чтобы назначить встречу.

## The confirmation.

booking-confirmed = Готово, вы записаны! Ваша встреча: { $when }. Номер записи: { $reference }.
    .sms = Вы записаны: { $when }. Номер: { $reference }.
booking-where-on-site = Адрес: { $place }, { $address }. { $directions }
    .sms = { $place }, { $address }.
booking-where-phone = { $place } позвонит вам в это время.
    .sms = { $place } позвонит вам.
booking-where-video = { $place } пришлёт вам ссылку на видеозвонок перед встречей.
    .sms = { $place } пришлёт вам ссылку на видеозвонок.
booking-with = Эта встреча совместная, с участием: { $with }.
    .sms = Вместе с: { $with }.
booking-bring = Не забудьте взять с собой: { $items }.
    .sms = Возьмите: { $items }.
booking-demo = (Адрес и расписание — демонстрационные.)
    .sms = (Демо.)
booking-how-to-cancel = Чтобы отменить или перенести встречу, напишите «встреча».
    .sms = Отменить или перенести: напишите «встреча».
booking-details = Что взять с собой, отмена, перенос: напишите «встреча».
booking-reminder = Напоминание: ваша встреча — { $when }, { $place }. Номер: { $reference }. Чтобы отменить или перенести её, напишите «встреча».
format-on-site = лично
format-phone = по телефону
format-video = по видеосвязи
phone-own-number = Этот номер (с которого вы пишете)
    .synonyms = этот номер, этот, тот же, тот же номер
phone-needed = Для встречи по телефону службе нужно вам позвонить. Напишите ваш номер, например 06 12 34 56 78.
phone-none-prompt = Без номера вам никто не сможет позвонить. Хотите встречу лично или по видеосвязи?
phone-give-number = Я дам номер
bring-id = документ, удостоверяющий личность
    .sms = документ личности
bring-cv = ваше резюме (если есть)
    .sms = резюме
bring-caf = справку из { -caf } (attestation CAF)
    .sms = справку CAF
bring-address-proof = подтверждение адреса проживания
    .sms = подтверждение адреса
bring-vitale = вашу { -carte-vitale-explained }
    .sms = carte Vitale
bring-rqth-proof = ваше решение о { -rqth } (признание инвалидности)
    .sms = решение RQTH

## Dates said in words.

datetime-long = { $weekday }, { $day } { $month } в { $hour }:{ $minute }
weekday-1 = понедельник
weekday-2 = вторник
weekday-3 = среда
weekday-4 = четверг
weekday-5 = пятница
weekday-6 = суббота
weekday-7 = воскресенье

## Dates said briefly: on a slot's button (the message above lists the slot in full) and in an SMS menu.

datetime-short = { $weekday } { $day }.{ $month } { $hour }:{ $minute }
weekday-short-1 = пн
weekday-short-2 = вт
weekday-short-3 = ср
weekday-short-4 = чт
weekday-short-5 = пт
weekday-short-6 = сб
weekday-short-7 = вс
month-short-1 = 01
month-short-2 = 02
month-short-3 = 03
month-short-4 = 04
month-short-5 = 05
month-short-6 = 06
month-short-7 = 07
month-short-8 = 08
month-short-9 = 09
month-short-10 = 10
month-short-11 = 11
month-short-12 = 12

## "My appointment", any time later.

command-appointment = встреча
    .synonyms = моя встреча, встречи, запись, моя запись, приём, прием, vstrecha, rendez-vous, rdv
appointment-none = У вас нет запланированной встречи.
appointment-show = Ваша встреча: { $when }, { $format } ({ $place }). Номер: { $reference }.
appointment-what = Что вы хотите сделать?
appointment-keep = Оставить
    .synonyms = оставить, оставить как есть, ок, ok, ничего
appointment-cancel = Отменить
    .synonyms = отменить, отмена, отменить встречу
appointment-move = Перенести встречу
    .synonyms = перенести, перенести встречу, поменять дату, изменить дату, новая дата, другой день
appointment-cancelled = Ваша встреча отменена. Это время теперь свободно для другого человека. Напишите «встреча», если хотите записаться снова.
appointment-kept = Хорошо, ваша встреча остаётся в силе.

## Choosing another organisation or another format.

booking-other = Другая служба или другой формат
    .sms = Другая служба/формат
    .synonyms = другая служба, другая организация, другой формат
booking-other-prompt = С кем или как вы предпочитаете встречу?

## Messages sent when reception staff act on an appointment.

staff-notice-confirmed = Ваша встреча подтверждена: { $when }, { $place }. Номер: { $reference }.
staff-notice-moved = Ваша встреча перенесена: { $when }, { $place }. Номер: { $reference }. Чтобы отменить или перенести её, напишите «встреча».
staff-notice-cancelled = Ваша встреча отменена: { $when }, { $place }. Напишите «встреча», чтобы записаться снова.
staff-notice-no-show = Мы не увидели вас на встрече: { $when }, { $place }. Напишите «встреча», чтобы записаться снова.
staff-notice-excused = Ваше отсутствие на встрече ({ $when }) отмечено как уважительное. Напишите «встреча», чтобы записаться снова.

# The calendar file's name, without ".ics" (a file name: no spaces, no slash).
booking-calendar-file = встреча
