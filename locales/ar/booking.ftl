### Booking the first appointment, the appointment later on, reminders.

## The booking step of the diagnostic.

diag-booking-prompt = هذه أقرب المواعيد المتاحة. أي موعد يناسبك؟
diag-booking-hint = أجب برقم الموعد.
diag-booking-short = الموعد
diag-done-prompt = شكرًا لك، وإلى اللقاء قريبًا! اكتب «موعد» في أي وقت لترى موعدك، أو لتلغيه، أو لتختار تاريخًا آخر.
    .sms = شكرًا، وإلى اللقاء!

## Offers.

booking-offer-prompt = هذه أقرب المواعيد المتاحة. أي موعد يناسبك؟
booking-offer-prompt-joint = هذه مواعيد مشتركة مع { $with }. أي موعد يناسبك؟
booking-offer-prompt-joint-at = هذه مواعيد مشتركة مع { $place } ومع { $with }. أي موعد يناسبك؟
    .sms = { $place } مع { $with }. متى؟
booking-offer-prompt-joint-at-format = هذه مواعيد مشتركة مع { $place } ومع { $with }، { $format }. أي موعد يناسبك؟
    .sms = { $place } مع { $with }، { $format }. متى؟
booking-offer = { $when }، { $format } ({ $place })
    .button = { $when }
booking-offer-prompt-at = هذه أقرب المواعيد المتاحة مع { $place }. أي موعد يناسبك؟
    .sms = { $place }. متى يناسبك؟
booking-offer-prompt-at-format = هذه أقرب المواعيد المتاحة مع { $place }، { $format }. أي موعد يناسبك؟
    .sms = { $place }، { $format }. متى يناسبك؟
booking-offer-format = { $when }, { $format }
    .button = { $when }
booking-offer-when = { $when }
    .button = { $when }
booking-more = تواريخ أخرى
    .synonyms = تواريخ اخرى, تواريخ أخرى, تاريخ اخر, تاريخ آخر, مواعيد اخرى, مواعيد أخرى, غيرها
booking-call-me = لا يناسبني أي منها، اتصلوا بي
    .sms = اتصلوا بي
    .synonyms = اتصلوا بي, اتصل بي, لا يناسبني, ولا واحد, لا شيء يناسبني
booking-taken = عذرًا، حُجز هذا الموعد للتو. أبحث عن تواريخ أخرى.
booking-no-more = لا توجد تواريخ أخرى متاحة حاليًا.
booking-none = لم أجد موعدًا متاحًا حاليًا.
booking-waiting = تم تسجيل طلبك: سيتصل بك فريق الاستقبال خلال يومي عمل لتحديد موعد.

## The confirmation.

booking-confirmed = تم الحجز! موعدك: { $when }. رقم الحجز: { $reference }.
    .sms = تم الحجز: { $when }. الرقم: { $reference }.
booking-where-on-site = العنوان: { $place }، { $address }. { $directions }
    .sms = { $place }، { $address }.
booking-where-phone = سيتصل بك { $place } في ذلك الوقت.
    .sms = سيتصل بك { $place }.
booking-where-video = سيرسل إليك { $place } رابط مكالمة الفيديو قبل الموعد.
    .sms = سيرسل إليك { $place } رابط مكالمة الفيديو.
booking-with = هذا الموعد مشترك مع: { $with }.
    .sms = ومعك أيضًا: { $with }.
booking-bring = لا تنسَ أن تحضر معك: { $items }.
    .sms = أحضر: { $items }.
booking-demo = (العنوان والأوقات للتجربة فقط.)
    .sms = (تجربة.)
booking-how-to-cancel = لإلغاء الموعد أو اختيار تاريخ آخر، اكتب «موعد».
    .sms = للإلغاء أو التغيير، اكتب «موعد».
booking-details = لمعرفة ما تحضره، أو للإلغاء أو التغيير، اكتب «موعد».
booking-reminder = تذكير: موعدك { $when }، في { $place }. الرقم: { $reference }. لإلغاء الموعد أو اختيار تاريخ آخر، اكتب «موعد».
format-on-site = حضوريًا
format-phone = عبر الهاتف
format-video = عبر مكالمة فيديو
phone-own-number = هذا الرقم (الذي تكتب منه)
    .synonyms = هذا الرقم, نفس الرقم, هذا
phone-needed = لموعد بالهاتف، يجب أن تتمكن الجهة من الاتصال بك. اكتب رقمك، مثلًا 06 12 34 56 78.
phone-none-prompt = بدون رقم، لا يمكن لأحد الاتصال بك. هل تفضّل موعدًا حضوريًا أو بمكالمة فيديو؟
phone-give-number = سأعطي رقمًا
bring-id = وثيقة هوية
bring-cv = سيرتك الذاتية (إن كانت لديك)
    .sms = سيرتك الذاتية
bring-caf = شهادة { -caf } الخاصة بك (attestation CAF)
    .sms = شهادة CAF
bring-address-proof = إثبات السكن
bring-vitale = { -carte-vitale } الخاصة بك (بطاقة التأمين الصحي)
    .sms = بطاقة Vitale
bring-rqth-proof = إشعار { -rqth } الخاص بك (الاعتراف بالإعاقة)
    .sms = إشعار RQTH

## Dates said in words.

datetime-long = يوم { $weekday } { $day } { $month }، الساعة { $hour }:{ $minute }
weekday-1 = الاثنين
weekday-2 = الثلاثاء
weekday-3 = الأربعاء
weekday-4 = الخميس
weekday-5 = الجمعة
weekday-6 = السبت
weekday-7 = الأحد

## Dates said briefly: on a slot's button (the message above lists the slot in full) and in an SMS menu.

datetime-short = { $weekday } { $day }/{ $month } { $hour }:{ $minute }
weekday-short-1 = الاثنين
weekday-short-2 = الثلاثاء
weekday-short-3 = الأربعاء
weekday-short-4 = الخميس
weekday-short-5 = الجمعة
weekday-short-6 = السبت
weekday-short-7 = الأحد
month-short-1 = 1
month-short-2 = 2
month-short-3 = 3
month-short-4 = 4
month-short-5 = 5
month-short-6 = 6
month-short-7 = 7
month-short-8 = 8
month-short-9 = 9
month-short-10 = 10
month-short-11 = 11
month-short-12 = 12

## "My appointment", any time later.

command-appointment = موعد
    .synonyms = موعدي, الموعد, maw3id, rendez-vous, rdv
appointment-none = ليس لديك أي موعد محدد.
appointment-show = موعدك: { $when }، { $format } ({ $place }). الرقم: { $reference }.
appointment-what = ماذا تريد أن تفعل؟
appointment-keep = الإبقاء عليه
    .synonyms = الابقاء عليه, ابقاء, احتفظ به, الاحتفاظ به, ok, لا شيء
appointment-cancel = إلغاؤه
    .synonyms = الغاء, إلغاء, الغاؤه, إلغاؤه, الغاء الموعد, إلغاء الموعد
appointment-move = تغيير التاريخ
    .synonyms = تغيير التاريخ, تاريخ جديد, تاجيل, تأجيل, نقل الموعد, تغيير الموعد
appointment-cancelled = تم إلغاء موعدك. أصبح هذا الوقت متاحًا لشخص آخر. اكتب «موعد» إذا أردت حجز موعد جديد.
appointment-kept = حسنًا، موعدك باقٍ كما هو.

## Choosing another organisation or another format.

booking-other = جهة أخرى أو طريقة أخرى
    .sms = خيار آخر
    .synonyms = جهة اخرى, جهة أخرى, طريقة اخرى, طريقة أخرى
booking-other-prompt = مع من، أو كيف، تفضل موعدك؟

## Messages sent when reception staff act on an appointment.

staff-notice-confirmed = تم تأكيد موعدك: { $when }، في { $place }. الرقم: { $reference }.
staff-notice-moved = تم تغيير موعدك: { $when }، في { $place }. الرقم: { $reference }. لإلغاء الموعد أو اختيار تاريخ آخر، اكتب «موعد».
staff-notice-cancelled = تم إلغاء موعدك: { $when }، في { $place }. اكتب «موعد» لحجز موعد آخر.
staff-notice-no-show = لم نرك في موعدك: { $when }، في { $place }. اكتب «موعد» لحجز موعد آخر.
staff-notice-excused = تم تسجيل غيابك عن موعد { $when } كغياب بعذر. اكتب «موعد» لحجز موعد آخر.

# The calendar file's name, without ".ics" (a file name: no spaces, no slash).
booking-calendar-file = موعد
