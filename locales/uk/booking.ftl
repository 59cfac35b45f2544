### Booking the first appointment, the appointment later on, reminders.

## The booking step of the diagnostic.

diag-booking-prompt = Ось найближчий вільний час для зустрічі. Який варіант вам підходить?
diag-booking-hint = Напишіть номер варіанта.
diag-booking-short = Зустріч
diag-done-prompt = Дякуємо, до зустрічі! Напишіть «зустріч» будь-коли, щоб переглянути, скасувати або перенести зустріч.
    .sms = Дякуємо, до зустрічі!

## Offers.

booking-offer-prompt = Ось найближчий вільний час для зустрічі. Який варіант вам підходить?
booking-offer-prompt-joint = Ось варіанти спільної зустрічі (також буде: { $with }). Який вам підходить?
booking-offer = { $when }, { $format } ({ $place })
    .button = { $when }
booking-more = Інші дати
    .synonyms = інші дати, інша дата, інші, пізніше, inshi daty
booking-call-me = Жоден не підходить, зателефонуйте мені
    .synonyms = зателефонуйте, зателефонуйте мені, подзвоніть, подзвоніть мені, жоден, нічого не підходить
booking-taken = Вибачте, цей час щойно зайняли. Шукаю інші дати.
booking-no-more = Наразі інших вільних дат немає.
booking-none = Наразі не вдалося знайти вільний час для зустрічі.
booking-waiting = Записано: наш працівник зателефонує вам протягом 2 робочих днів, щоб домовитися про зустріч.

## The confirmation.

booking-confirmed = Готово, вас записано! Ваша зустріч: { $when }. Номер запису: { $reference }.
    .sms = Вас записано: { $when }. Номер: { $reference }.
booking-where-on-site = Адреса: { $place }, { $address }. { $directions }
booking-where-phone = { $place } зателефонує вам у цей час.
booking-where-video = { $place } надішле вам посилання на відеозв’язок перед зустріччю.
booking-with = Ця зустріч спільна, за участі: { $with }.
    .sms = Разом із: { $with }.
booking-bring = Не забудьте взяти з собою: { $items }.
    .sms = Візьміть: { $items }.
booking-demo = (Адреса й розклад — демонстраційні.)
    .sms = (Демо.)
booking-how-to-cancel = Щоб скасувати або перенести зустріч, напишіть «зустріч».
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
bring-cv = ваше резюме (якщо є)
bring-caf = довідку з { -caf } (attestation CAF)
bring-address-proof = підтвердження адреси проживання
bring-vitale = вашу { -carte-vitale-explained }
bring-rqth-proof = ваше рішення про { -rqth } (визнання інвалідності)

## Dates said in words.

datetime-long = { $weekday }, { $day } { $month } о { $hour }:{ $minute }
weekday-1 = понеділок
weekday-2 = вівторок
weekday-3 = середа
weekday-4 = четвер
weekday-5 = п’ятниця
weekday-6 = субота
weekday-7 = неділя

## Dates said briefly, on a slot's button (the message above lists the slot in full).

datetime-short = { $weekday }, { $day } { $month } { $hour }:{ $minute }
weekday-short-1 = пн
weekday-short-2 = вт
weekday-short-3 = ср
weekday-short-4 = чт
weekday-short-5 = пт
weekday-short-6 = сб
weekday-short-7 = нд
month-short-1 = січ.
month-short-2 = лют.
month-short-3 = бер.
month-short-4 = квіт.
month-short-5 = трав.
month-short-6 = черв.
month-short-7 = лип.
month-short-8 = серп.
month-short-9 = вер.
month-short-10 = жовт.
month-short-11 = лист.
month-short-12 = груд.

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
