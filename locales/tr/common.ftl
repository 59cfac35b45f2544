### Messages shared by every dialogue: answers, commands, the engine's own messages, menus.

## Language names, each written in its own language.

language-name-fr = Français
    .synonyms = fransızca, fransizca, francais, french, fransais
language-name-en = English
    .synonyms = ingilizce, inglizce, english, anglais
language-name-ar = العربية
    .synonyms = arapça, arapca, arabe, arabic, arabi, عربي
language-name-uk = Українська
    .synonyms = ukraynaca, ukrayna dili, ukrainien, ukrainian, украинский
language-name-ru = Русский
    .synonyms = rusça, rusca, russe, russian, русский язык
language-name-es = Español
    .synonyms = ispanyolca, espanol, espagnol, spanish
language-name-pt = Português
    .synonyms = portekizce, portugues, portugais, portuguese
language-name-tr = Türkçe
    .synonyms = turkce, türk, turk, turc, turkish
# Before the language menu, in the language the phone number suggests.
language-proposal = { $language } mi? { $number } yazın.

## Yes, no, rather not say. Synonyms are the words people type instead.

answer-yes = Evet
    .synonyms = e, evt, tamam, olur, peki, tabii, tabi, elbette, evet lütfen, evet lutfen, oui, yes
answer-no = Hayır
    .synonyms = hayir, h, yok, hayır teşekkürler, hayir tesekkurler, asla, non, no
answer-rather-not = Cevap vermek istemiyorum
    .synonyms = cevap yok, yanıt yok, yanit yok, söylemek istemiyorum, soylemek istemiyorum, yanıt vermek istemiyorum, yanit vermek istemiyorum, cevap vermeyeyim

## Global commands: the first word is the one shown in the help.

command-start = baştan
    .synonyms = bastan, baştan başla, bastan basla, en baştan, en bastan, yeniden başla, yeniden basla, restart
command-help = yardım
    .synonyms = yardim, ?, imdat, anlamadım, anlamadim, yardım edin, yardim edin, help
command-back = geri
    .synonyms = geri dön, geri don, önceki, onceki, önceki soru, onceki soru, back
command-skip = geç
    .synonyms = gec, atla, sonraki, sonraki soru, bu soruyu geç, bu soruyu gec
command-language = dil
    .synonyms = diller, dil değiştir, dil degistir, dili değiştir, dili degistir
command-human = danışman
    .synonyms = danisman, insan, bir kişi, bir kisi, görevli, gorevli, biriyle konuşmak, biriyle konusmak, temsilci
command-stop = dur
    .synonyms = durdur, mola, mola ver, ara ver
command-erase = sil
    .synonyms = verilerimi sil, bilgilerimi sil, cevaplarımı sil, cevaplarimi sil, hepsini sil
command-change = düzelt
    .synonyms = duzelt, değiştir, degistir, cevabı değiştir, cevabi degistir, cevabı düzelt, cevabi duzelt

## The engine's messages.

engine-welcome-back = Tekrar hoş geldiniz! Kaldığımız yerden devam edelim.
engine-dialogue-updated = Sorular biraz değişti. Doğru sorudan devam ediyoruz.
engine-resume-offer = Tekrar hoş geldiniz! Kaldığınız yerden devam etmek ister misiniz?
engine-restart = Tamam, en baştan başlıyoruz.
engine-already-ended = Anketiniz bitti. Yeniden yapmak için "baştan" yazın. Bir kişiyle konuşmak için "danışman" yazın.
engine-help =
    { $stuck ->
        [yes] Sorun değil, size yardım edeceğim.
       *[no] Şunları yazabilirsiniz:
    }
    • cevabınızın numarası veya kelimesi
    • "geri": önceki soruya dönmek için
    • "geç": zorunlu olmayan bir soruyu atlamak için
    • "düzelt": bir cevabı düzeltmek için
    • "dil": dili değiştirmek için
    • "danışman": bir kişiyle konuşmak için
    • "dur": ara vermek için
    • "verilerim": sakladıklarımı görmek ve değiştirmek için
    • "sil": bilgilerinizi silmek için
    .sms =
        { $stuck ->
            [yes] Sorun değil, size yardım edeceğim. Şunları yazabilirsiniz:
           *[no] Şunları yazabilirsiniz:
        } cevabınızın numarası, "geri", "geç", "düzelt", "dil", "danışman", "dur", "verilerim" veya "sil".
engine-human =
    { $stored ->
        [yes] Not aldım: karşılama ekibinden biri sizinle iletişime geçecek.
       *[no] Bir kişiyle konuşmak için { -france-travail } kurumunu 3949'dan arayın veya bir { -france-services-explained } merkezine gidin.
    } İsterseniz burada devam da edebilirsiniz.
engine-paused = Not aldım, ara veriyoruz. İstediğiniz zaman bana yazın: buradan devam ederiz.
engine-erase-confirm = Tüm cevaplarınızı gerçekten silmek istiyor musunuz? Silinen cevaplar geri gelmez.
engine-erased = Tamam: bana söylediğiniz her şey silindi. İstediğiniz zaman yeniden başlayabilirsiniz.
engine-erase-cancelled = Tamam, hiçbir şey silmiyorum.
engine-back = Tamam, önceki soruya dönelim.
engine-back-nothing = Başlangıçtayız: bundan önce soru yok.
engine-skip-refused = Bu soru atlanamaz: devam etmek için cevabınıza ihtiyacım var.
engine-language-prompt = Hangi dili tercih edersiniz?
engine-language-known = Merhaba! Ben iş bulma ve sosyal destek kamu hizmetinin asistanıyım. Size Türkçe yazacağım. Dili değiştirmek için "{ command-language }" yazın.
engine-progress = Bölüm { $part } / { $total }: { $name }
engine-stuck = Özür dilerim, bu ankette bir sorun yaşıyorum. Karşılama ekibinden biri size yardım edecek.
engine-stale-choice = Bu soru artık kapandı. Lütfen son soruyu cevaplayın.
engine-summary =
    Bana söyledikleriniz:
    { $lines }
engine-summary-line = • { $label }: { $value }
engine-change-prompt = Hangi cevabı düzeltmek istiyorsunuz?
engine-change-nothing = Henüz hiçbir soruyu cevaplamadınız.
engine-change-hint = Bir hata mı var? Bir cevabı düzeltmek için "düzelt" yazın.
engine-summary-brief =
    { $count ->
        [one] Cevabınızı kaydettim. Okumak için "{ command-summary }" yazın.
       *[other] { $count } cevabınızı kaydettim. Hepsini okumak için "{ command-summary }" yazın.
    }

## How answers read back.

value-skipped = (soru atlandı)
value-withheld = (soru sorulmadı)

## Menus.

menu-reply =
    { $count ->
        [1] 1 yazın.
        [2] 1 veya 2 yazın.
        [3] 1, 2 veya 3 yazın.
        [4] 1, 2, 3 veya 4 yazın.
       *[other] 1 ile { $count } arasında bir numara yazın.
    }
menu-reply-multi = Bir veya birkaç numara yazın, örneğin: 1, 3.
menu-reply-multi-buttons = Bir cevaba dokunun. Birkaç cevap da yazabilirsiniz: aralarına virgül koyun.

## Lists and dates.

list-separator = {", "}
# Between items when one of them holds the plain separator itself.
list-separator-strong = {"; "}
list-item = • { $item }
list-and = { $first } ve { $last }
list-or = { $first } veya { $last }
date-long = { $day } { $month } { $year }
month-1 = Ocak
month-2 = Şubat
month-3 = Mart
month-4 = Nisan
month-5 = Mayıs
month-6 = Haziran
month-7 = Temmuz
month-8 = Ağustos
month-9 = Eylül
month-10 = Ekim
month-11 = Kasım
month-12 = Aralık

## Why an answer was not understood. The step's own hint follows.

miss-empty = Hiçbir mesaj almadım.
miss-not-an-option = Cevabınızı anlayamadım.
miss-ambiguous = Hangisini demek istiyorsunuz: { $options }?
miss-unknown-part = Şunu anlayamadım: "{ $part }".
miss-too-few =
    { $min ->
        [one] En az bir cevap seçin.
       *[other] En az { $min } cevap seçin.
    }
miss-too-many =
    { $max ->
        [one] Yalnızca bir cevap seçin.
       *[other] En fazla { $max } cevap seçin.
    }
miss-exclusive = "{ $option }" başka cevaplarla birlikte seçilemez.
miss-not-a-number = Lütfen sayıyı rakamla yazın.
miss-birth-month = Sizi doğru yere yönlendirmek için doğum ayınızı da bilmem gerekiyor. Ayı ve yılı yazın, örneğin 03/2000, ya da doğum tarihinizi.
miss-too-low = Bu sayı çok küçük: en az { $min } olmalı.
miss-too-high = Bu sayı çok büyük: en fazla { $max } olmalı.
miss-not-a-date = Bu tarihi anlayamadım.
miss-date-future = Bu tarih gelecekte.
miss-date-past = Bu tarih geçmişte kaldı.
miss-not-a-place = Bu posta kodunu veya yer adını tanıyamadım.
miss-not-a-phone = Bu telefon numarasını tanıyamadım.
miss-too-long = Mesajınız çok uzun: en fazla { $max } karakter yazabilirsiniz.
miss-no-match = Bu biçim doğru değil.

## Urgent situations: said at once, in the person's language.

urgent-danger = Tehlikedeyseniz hemen 17'yi (polis) veya 112'yi arayın. Şiddet için: 3919, ücretsiz ve anonim. Karşılama ekibi talebinize öncelik verecek.
urgent-violence = Yalnız değilsiniz. 3919'u arayın: ücretsiz ve anonim, gece gündüz açık. Hemen tehlikedeyseniz: 17'yi veya 112'yi arayın ya da 114'e SMS gönderin. Karşılama ekibi talebinize öncelik verecek.
urgent-child-danger = Bir çocuk tehlikedeyse 119'u arayın: ücretsiz, gece gündüz açık. Hemen tehlike varsa: 17'yi veya 112'yi arayın. Karşılama ekibi talebinize öncelik verecek.
urgent-suicide = Bunu şimdi biriyle konuşabilirsiniz: 3114'ü arayın, ücretsiz, gece gündüz açık. Hemen tehlikedeyseniz: 15'i veya 112'yi arayın. Karşılama ekibi talebinize öncelik verecek.
urgent-no-housing-tonight = Bu gece güvenli bir yerde uyumak için 115'i arayın: ücretsiz, gece gündüz açık. Karşılama ekibi talebinize öncelik verecek.
urgent-no-food = Bugün yemek bulmak için { -ccas-explained } birimine gidin ya da 115'i arayın. Karşılama ekibi talebinize öncelik verecek.

## The orientation proposed at the end.

orientation-understood =
    Anladıklarım şunlar:
    { $needs }
orientation-understood-none = Özel bir zorluk belirtmediniz.
orientation-proposal = Size { $parcours } öneriyorum. Bu desteği size { $lead } verecek.
orientation-because =
    Nedenleri:
    { $reasons }
orientation-with = İlk randevunuza şu kurum da katılacak: { $body }.
    .sms = Ayrıca: { $body }.
orientation-also =
    Size yardım edebilecek başka kurumlar da var:
    { $partners }
orientation-next = Bu bir öneridir: size destek verecek kurum bunu sizinle birlikte onaylayacak.
parcours-emploi = hızla iş bulmanız için "İş" desteği
parcours-global = iş ve zorluklarınız için aynı anda "Genel" destek
parcours-social = önce zorluklarınızı çözmeniz için "Sosyal" destek
body-france-travail = France Travail
body-mission-locale = Mission Locale
body-cap-emploi = Cap emploi
body-conseil-departemental = Département'ın sosyal hizmet birimi
orientation-reason-under-26 = 26 yaşından küçüksünüz: { -mission-locale } gençlere yardım eder.
orientation-reason-rsa = { -rsa } alıyorsunuz: desteğinizi Département onaylar.
orientation-reason-rsa-claim = { -rsa } için başvurdunuz: desteğinizi Département onaylar.
orientation-reason-disability = Engelliliğiniz resmi olarak tanınıyor: { -cap-emploi-explained } bu durumları iyi bilir.
orientation-reason-disability-claim = { -mdph } başvurunuz devam ediyor.
orientation-reason-no-recent-work = 2 yıldan uzun süredir çalışmıyorsunuz.
orientation-reason-not-qualified = Mesleki bir diplomanız yok.
orientation-reason-not-ready = Şu an bir işe başlayamıyorsunuz.
orientation-reason-ready-with-help = Biraz yardımla çalışmak istiyorsunuz.
orientation-reason-strong-barriers =
    { $count ->
        [one] Bir zorluk çalışmanıza engel oluyor.
       *[other] { $count } zorluk çalışmanıza engel oluyor.
    }
orientation-reason-medium-barriers =
    { $count ->
        [one] Bir zorluk sizi biraz zorluyor.
       *[other] { $count } zorluk sizi biraz zorluyor.
    }
orientation-reason-ready = Çalışmaya hazırsınız. Sizi gerçekten engelleyen bir şey yok.
orientation-reason-urgent = Acil bir durum bildirdiniz: karşılama ekibi randevunuza öncelik verecek.
orientation-reason-safety-first = Acil bir durum bildirdiniz (bu gece kalacak yer yok, şiddet veya tehlike): ilk randevunuz, size hızla yardım etmek için Département'ın sosyal hizmetiyle.
partner-ccas = { -ccas-explained }
partner-caf = { -caf-explained }
partner-siao = 115 hattı, kalacak bir yer için
partner-france-services = bir { -france-services-explained } merkezi
partner-cpam = { -assurance-maladie-explained }
partner-mdph = { -mdph-explained }
partner-cap-emploi = { -cap-emploi-explained }
partner-conseiller-numerique = bir dijital danışman, internet ve bilgisayar için
partner-ateliers-francais = evinize yakın Fransızca kursları
partner-plateforme-mobilite = bir ulaşım destek merkezi, ehliyet ve ulaşım için
partner-point-justice = bir point-justice, ücretsiz hukuki danışmanlık için

## My data: what is kept, the consents, withdrawing them.

command-mydata = verilerim
    .synonyms = bilgilerim, verilerimi goster, verilerimi gör
command-unshare = paylaşmayı durdur
    .synonyms = paylasmayi durdur, paylasma, paylaşma
command-summary = özet
    .synonyms = ozet, cevaplarım, cevaplarim
engine-mydata-nothing = Sizinle ilgili hiçbir şey saklamıyorum: cevaplarınızı saklamama izin vermediniz.
engine-mydata-no-answers = Dilinizi ve seçimlerinizi saklıyorum, ama henüz hiçbir cevap yok.
engine-mydata =
    Sizinle ilgili sakladıklarım:
    { $lines }
engine-mydata-invitation = Bir davet aldınız: bölge yönetiminiz (Département) bize numaranızı ve listesinde sizinle ilgili yazanları (ad, doğum tarihi, posta kodu, RSA, France Travail kimlik numarası) iletti. Bu bilgiler yanıtlarınız gibi korunur ve isterseniz onlarla birlikte silinir.
engine-mydata-consents =
    Şunları kabul ettiniz:
    { $lines }
engine-mydata-consent-store = cevaplarınızı saklamamı
engine-mydata-consent-sensitive = sağlıkla ilgili cevaplarınızı saklamamı
engine-mydata-consent-share = onları size yardım eden kurumlara göstermemi
engine-mydata-consent-reminders = hatırlatma almayı
engine-mydata-prompt = Ne yapmak istersiniz?
engine-mydata-opt-unshare = Kurumlara artık gösterme
engine-mydata-opt-unsensitive = Sağlık cevaplarımı sil
engine-mydata-opt-noreminders = Hatırlatma gönderme
engine-mydata-opt-erase = Her şeyi sil
engine-mydata-opt-continue = Devam et
engine-unshared = Tamam: kurumlar artık cevaplarınızı görmeyecek.
engine-not-shared = Cevaplarınız kimseye gösterilmiyor.
engine-sensitive-withdrawn = Tamam: sağlıkla ilgili cevaplarınız silindi.
engine-reminders-withdrawn = Tamam: artık hatırlatma almayacaksınız.
engine-erase-receipt = Silme referansı: { $reference }. Kanıtlamak isterseniz saklayın.

## Glossary: French institutions and papers keep their French name (what people read on letters
## and doors); the -explained form says once, in plain words, what they are.

-caf = CAF
-caf-explained = CAF (aile yardımları kurumu)
-msa = MSA
-msa-explained = MSA (tarım sosyal güvenlik kurumu)
-france-travail = France Travail
-france-travail-explained = France Travail (kamu istihdam kurumu)
-rsa = RSA
-rsa-explained = RSA (düşük gelirliler için yardım)
-cap-emploi = Cap emploi
-cap-emploi-explained = Cap emploi (engelliler için istihdam hizmeti)
-mission-locale = Mission Locale
-mission-locale-explained = Mission Locale (16-25 yaş gençlere destek)
-brevet = brevet
-brevet-explained = brevet (ortaokul diploması)
-mutuelle = mutuelle
-mutuelle-explained = mutuelle (tamamlayıcı sağlık sigortası)
-css = Complémentaire santé solidaire
-css-explained = Complémentaire santé solidaire (ücretsiz tamamlayıcı sağlık sigortası, eski adı CMU)
-mdph = MDPH
-mdph-explained = MDPH (engelliler kurumu)
-rqth = RQTH
-rqth-explained = RQTH (engelli çalışan statüsü)
-aah = AAH
-aah-explained = AAH (engelli yetişkin yardımı)
-ccas = CCAS
-ccas-explained = CCAS (belediyenin sosyal hizmetleri)
-france-services = France Services
-france-services-explained = France Services (resmi işlemlerde yardım)
-carte-vitale = Carte Vitale
-carte-vitale-explained = Carte Vitale (sağlık sigortası kartı)
-assurance-maladie = Assurance Maladie
-assurance-maladie-explained = Assurance Maladie (kamu sağlık sigortası)
