### Booking the first appointment, the appointment later on, reminders.

## The booking step of the diagnostic.

diag-booking-prompt = İlk boş randevular bunlar. Hangisi size uygun?
diag-booking-hint = Randevunun numarasını yazın.
diag-booking-short = Randevu
diag-done-prompt = Teşekkürler, görüşmek üzere! Randevunuzu görmek, iptal etmek veya başka bir tarihe almak için istediğiniz zaman "randevu" yazın.
    .sms = Teşekkürler, görüşmek üzere!

## Offers.

booking-offer-prompt = İlk boş randevular bunlar. Hangisi size uygun?
booking-offer-prompt-joint = { $with } ile ortak randevular bunlar. Hangisi size uygun?
booking-offer-prompt-joint-at = { $place } ve { $with } ile ortak randevular bunlar. Hangisi size uygun?
    .sms = { $place } ve { $with } ile ortak randevular. Hangisi size uygun?
booking-offer-prompt-joint-at-format = { $place } ve { $with } ile ortak randevular bunlar ({ $format }). Hangisi size uygun?
    .sms = { $place } ve { $with } ile ortak randevular ({ $format }). Hangisi size uygun?
booking-offer = { $when }, { $format } ({ $place })
    .button = { $when }
booking-offer-prompt-at = { $place } ile ilk boş randevular bunlar. Hangisi size uygun?
    .sms = { $place } ile boş randevular. Hangisi size uygun?
booking-offer-prompt-at-format = { $place } ile ilk boş randevular bunlar ({ $format }). Hangisi size uygun?
    .sms = { $place } ile boş randevular ({ $format }). Hangisi size uygun?
booking-offer-format = { $when }, { $format }
    .button = { $when }
booking-offer-when = { $when }
    .button = { $when }
booking-more = Başka tarihler
    .synonyms = başka tarihler, baska tarihler, başka tarih, baska tarih, diğer tarihler, diger tarihler, daha sonra
booking-call-me = Hiçbiri uymuyor, beni arayın
    .sms = Hiçbiri, beni arayın
    .synonyms = beni arayın, beni arayin, arayın, arayin, hiçbiri, hicbiri, hiçbiri uymuyor, hicbiri uymuyor
booking-taken = Üzgünüm, bu randevu az önce alındı. Başka tarihler arıyorum.
booking-no-more = Şu anda başka boş tarih yok.
booking-none = Şu anda boş randevu bulamadım.
booking-waiting = Not aldım: karşılama ekibi randevu belirlemek için 2 iş günü içinde sizi arayacak.

## The confirmation.

booking-confirmed = Randevunuz alındı! Randevunuz: { $when }. Rezervasyon numaranız: { $reference }.
    .sms = Randevu alındı: { $when }. Numara: { $reference }.
booking-where-on-site = Adres: { $place }, { $address }. { $directions }
booking-where-phone = { $place } sizi bu saatte arayacak.
    .sms = { $place } sizi arayacak.
booking-where-video = { $place } randevudan önce size görüntülü görüşme bağlantısını gönderecek.
    .sms = { $place } size görüntülü görüşme bağlantısını gönderecek.
booking-with = Bu randevu { $with } ile ortaktır.
    .sms = Ortak: { $with }.
booking-bring = Yanınıza almayı unutmayın: { $items }.
    .sms = Getirin: { $items }.
booking-demo = (Adres ve saatler yalnızca örnektir.)
    .sms = (Örnek.)
booking-how-to-cancel = İptal etmek veya başka bir tarihe almak için "randevu" yazın.
    .sms = İptal veya değişiklik için "randevu" yazın.
booking-details = Ne getireceğiniz, iptal veya değişiklik için "randevu" yazın.
booking-reminder = Hatırlatma! Randevunuz: { $when }, { $place }. Numara: { $reference }. İptal etmek veya başka bir tarihe almak için "randevu" yazın.
format-on-site = yüz yüze
format-phone = telefonla
format-video = görüntülü görüşmeyle
phone-own-number = Bu numara (bana yazdığınız)
    .synonyms = bu numara, bu, ayni numara, ayni
phone-needed = Telefonla randevu için kurumun sizi arayabilmesi gerekir. Numaranızı yazın, örneğin 06 12 34 56 78.
phone-none-prompt = Numara olmadan kimse sizi arayamaz. Yüz yüze mi yoksa görüntülü görüşmeyle mi randevu istersiniz?
phone-give-number = Numara vereceğim
bring-id = kimlik belgesi
bring-cv = CV'niz (varsa)
bring-caf = { -caf } belgeniz (attestation CAF)
bring-address-proof = adres belgesi
bring-vitale = { -carte-vitale-explained }
bring-rqth-proof = { -rqth } belgeniz (engellilik tanıma kararı)

## Dates said in words.

datetime-long = { $weekday }, { $day } { $month }, saat { $hour }:{ $minute }
weekday-1 = Pazartesi
weekday-2 = Salı
weekday-3 = Çarşamba
weekday-4 = Perşembe
weekday-5 = Cuma
weekday-6 = Cumartesi
weekday-7 = Pazar

## Dates said briefly: on a slot's button (the message above lists the slot in full) and in an SMS menu.

datetime-short = { $weekday } { $day } { $month } { $hour }:{ $minute }
weekday-short-1 = Pzt
weekday-short-2 = Sal
weekday-short-3 = Çar
weekday-short-4 = Per
weekday-short-5 = Cum
weekday-short-6 = Cmt
weekday-short-7 = Paz
month-short-1 = Oca
month-short-2 = Şub
month-short-3 = Mar
month-short-4 = Nis
month-short-5 = May
month-short-6 = Haz
month-short-7 = Tem
month-short-8 = Ağu
month-short-9 = Eyl
month-short-10 = Eki
month-short-11 = Kas
month-short-12 = Ara

## "My appointment", any time later.

command-appointment = randevu
    .synonyms = randevum, randevularım, randevularim, randevumu göster, randevumu goster, rendez-vous, rdv
appointment-none = Planlanmış bir randevunuz yok.
appointment-show = Randevunuz: { $when }, { $format } ({ $place }). Numara: { $reference }.
appointment-what = Ne yapmak istersiniz?
appointment-keep = Kalsın
    .synonyms = kalsın, kalsin, koru, tut, tamam, ok, hiçbir şey, hicbir sey
appointment-cancel = İptal et
    .synonyms = iptal, iptal et, randevuyu iptal et
appointment-move = Tarihi değiştir
    .synonyms = tarihi değiştir, tarihi degistir, yeni tarih, ertele, başka güne al, baska gune al
appointment-cancelled = Randevunuz iptal edildi. Bu saat artık başka biri için boş. Yeni bir randevu almak isterseniz "randevu" yazın.
appointment-kept = Tamam, randevunuz geçerli.

## Choosing another organisation or another format.

booking-other = Başka bir kurum ya da başka bir biçim
    .sms = Başka kurum ya da biçim
    .synonyms = baska kurum, başka kurum, baska bicim, başka biçim
booking-other-prompt = Randevunuzu kiminle ya da nasıl yapmak istersiniz?

## Messages sent when reception staff act on an appointment.

staff-notice-confirmed = Randevunuz onaylandı: { $when }, { $place }. Numara: { $reference }.
staff-notice-moved = Randevunuz değiştirildi: { $when }, { $place }. Numara: { $reference }. İptal etmek veya başka bir tarihe almak için "randevu" yazın.
staff-notice-cancelled = { $when } tarihli randevunuz ({ $place }) iptal edildi. Yeni bir randevu almak için "randevu" yazın.
staff-notice-no-show = { $when } tarihli randevunuzda ({ $place }) sizi göremedik. Yeni bir randevu almak için "randevu" yazın.
staff-notice-excused = { $when } tarihli randevuya gelmemeniz mazeretli olarak kaydedildi. Yeni bir randevu almak için "randevu" yazın.

# The calendar file's name, without ".ics" (a file name: no spaces, no slash).
booking-calendar-file = randevu
