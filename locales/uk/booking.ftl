### Booking the first appointment, the appointment later on, reminders.

## The booking step of the diagnostic.

diag-booking-prompt = Ось найближчий вільний час для зустрічі. Який варіант вам підходить?
diag-booking-hint = Напишіть номер варіанта.
diag-booking-short = Зустріч
diag-done-prompt = Дякуємо, до зустрічі! Напишіть «зустріч» будь-коли, щоб переглянути, скасувати або перенести зустріч.
    .sms = Дякуємо!

## Offers.

booking-offer-prompt = Ось найближчий вільний час для зустрічі. Який варіант вам підходить?
booking-offer-prompt-joint = Ось варіанти спільної зустрічі (також буде: { $with }). Який вам підходить?
booking-offer-prompt-joint-at = Ось варіанти спільної зустрічі ({ $place }, також буде: { $with }). Який вам підходить?
    .sms = { $place } і { $with }. Коли зручно?
booking-offer-prompt-joint-at-format = Ось варіанти спільної зустрічі ({ $place }, { $format }, також буде: { $with }). Який вам підходить?
    .sms = { $place } і { $with }, { $format }. Коли зручно?
booking-offer = { $when }, { $format } ({ $place })
    .button = { $when }
booking-offer-prompt-at = Ось найближчий вільний час для зустрічі ({ $place }). Який варіант вам підходить?
    .sms = { $place }. Коли зручно?
booking-offer-prompt-at-format = Ось найближчий вільний час для зустрічі ({ $place }, { $format }). Який варіант вам підходить?
    .sms = { $place }, { $format }. Коли зручно?
booking-offer-format = { $when }, { $format }
    .button = { $when }
booking-offer-when = { $when }
    .button = { $when }
booking-more = Інші дати
    .synonyms = інші дати, інша дата, інші, пізніше, inshi daty
booking-call-me = Жоден не підходить, зателефонуйте мені
    .sms = Зателефонуйте мені
    .synonyms = зателефонуйте, зателефонуйте мені, подзвоніть, подзвоніть мені, жоден, нічого не підходить
booking-taken = Вибачте, цей час щойно зайняли. Шукаю інші дати.
booking-no-more = Наразі інших вільних дат немає.
booking-none = Наразі не вдалося знайти вільний час для зустрічі.
booking-waiting = Записано: наш працівник зателефонує вам протягом 2 робочих днів, щоб домовитися про зустріч.

## The confirmation.

booking-confirmed = Готово, вас записано! Ваша зустріч: { $when }. Номер запису: { $reference }.
    .sms = Вас записано: { $when }. Номер: { $reference }.
booking-where-on-site = Адреса: { $place }, { $address }. { $directions }
    .sms = { $place }, { $address }.
booking-where-phone = { $place } зателефонує вам у цей час.
    .sms = { $place } зателефонує вам.
booking-where-video = { $place } надішле вам посилання на відеозв’язок перед зустріччю.
    .sms = { $place } надішле вам посилання на відеозв’язок.
booking-with = Ця зустріч спільна, за участі: { $with }.
    .sms = Разом із: { $with }.
booking-bring = Не забудьте взяти з собою: { $items }.
    .sms = Візьміть: { $items }.
booking-demo = (Адреса й розклад — демонстраційні.)
    .sms = (Демо.)
booking-how-to-cancel = Щоб скасувати або перенести зустріч, напишіть «зустріч».
    .sms = Скасувати чи перенести: напишіть «зустріч».
booking-details = Що взяти з собою, скасування, перенесення: напишіть «зустріч».
booking-reminder = Нагадування: ваша зустріч — { $when }, { $place }. Номер: { $reference }. Щоб скасувати або перенести її, напишіть «зустріч».
format-on-site = особисто
format-phone = телефоном
format-video = відеозв’язком
phone-own-number = Цей номер (з якого ви пишете)
    .synonyms = цей номер, цей, той самий, той самий номер
phone-needed = Для зустрічі телефоном служба має вам зателефонувати. Напишіть ваш номер, наприклад 06 12 34 56 78.
phone-none-prompt = Без номера ніхто не зможе вам зателефонувати. Бажаєте зустріч особисто чи відеозв’язком?
phone-give-number = Я дам номер
bring-id = документ, що посвідчує особу
    .sms = посвідчення особи
bring-cv = ваше резюме (якщо є)
    .sms = резюме
bring-caf = довідку з { -caf } (attestation CAF)
    .sms = довідку CAF
bring-address-proof = підтвердження адреси проживання
    .sms = підтвердження адреси
bring-vitale = вашу { -carte-vitale-explained }
    .sms = carte Vitale
bring-rqth-proof = ваше рішення про { -rqth } (визнання інвалідності)
    .sms = рішення RQTH

## Dates said in words.

datetime-long = { $weekday }, { $day } { $month } о { $hour }:{ $minute }
weekday-1 = понеділок
weekday-2 = вівторок
weekday-3 = середа
weekday-4 = четвер
weekday-5 = п’ятниця
weekday-6 = субота
weekday-7 = неділя

## Dates said briefly: on a slot's button (the message above lists the slot in full) and in an SMS menu.

datetime-short = { $weekday } { $day }.{ $month } { $hour }:{ $minute }
weekday-short-1 = пн
weekday-short-2 = вт
weekday-short-3 = ср
weekday-short-4 = чт
weekday-short-5 = пт
weekday-short-6 = сб
weekday-short-7 = нд
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

command-appointment = зустріч
    .synonyms = моя зустріч, зустрічі, запис, мій запис, прийом, zustrich, rendez-vous, rdv
appointment-none = У вас немає запланованої зустрічі.
appointment-show = Ваша зустріч: { $when }, { $format } ({ $place }). Номер: { $reference }.
appointment-what = Що ви хочете зробити?
appointment-keep = Залишити
    .synonyms = залишити, залишити як є, ок, ok, нічого
appointment-cancel = Скасувати
    .synonyms = скасувати, скасування, відмінити, скасувати зустріч
appointment-move = Перенести зустріч
    .synonyms = перенести, перенести зустріч, змінити дату, нова дата, інший день
appointment-cancelled = Вашу зустріч скасовано. Цей час тепер вільний для іншої людини. Напишіть «зустріч», якщо хочете записатися знову.
appointment-kept = Добре, ваша зустріч залишається в силі.

## Choosing another organisation or another format.

booking-other = Інша служба або інший формат
    .sms = Інша служба/формат
    .synonyms = інша служба, інша організація, інший формат
booking-other-prompt = З ким або як ви хочете провести зустріч?

## Messages sent when reception staff act on an appointment.

staff-notice-confirmed = Вашу зустріч підтверджено: { $when }, { $place }. Номер: { $reference }.
staff-notice-moved = Вашу зустріч перенесено: { $when }, { $place }. Номер: { $reference }. Щоб скасувати або перенести її, напишіть «зустріч».
staff-notice-cancelled = Вашу зустріч скасовано: { $when }, { $place }. Напишіть «зустріч», щоб записатися знову.
staff-notice-no-show = Ми не побачили вас на зустрічі: { $when }, { $place }. Напишіть «зустріч», щоб записатися знову.
staff-notice-excused = Вашу відсутність на зустрічі ({ $when }) зараховано як поважну. Напишіть «зустріч», щоб записатися знову.

# The calendar file's name, without ".ics" (a file name: no spaces, no slash).
booking-calendar-file = зустріч
