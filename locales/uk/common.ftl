### Messages shared by every dialogue: answers, commands, the engine's own messages, menus.

## Language names, each written in its own language.

language-name-fr = Français
    .synonyms = французька, французькою, francais, french, frantsuzka
language-name-en = English
    .synonyms = англійська, англійською, anglais, english, angliiska
language-name-ar = العربية
    .synonyms = арабська, арабською, arabe, arabic, arabska, عربي
language-name-uk = Українська
    .synonyms = українська, українською, українська мова, укр, ukrainska, ukrainian, ukrainien, украинский
language-name-ru = Русский
    .synonyms = російська, російською, русский, rosiiska, russkiy, russian, russe
language-name-es = Español
    .synonyms = іспанська, іспанською, espagnol, spanish, espanol, ispanska
language-name-pt = Português
    .synonyms = португальська, португальською, portugais, portuguese, portugues
language-name-tr = Türkçe
    .synonyms = турецька, турецькою, turc, turkish, turkce
# Before the language menu, in the language the phone number suggests.
language-proposal = { $language }? Напишіть { $number }.

## Yes, no, rather not say. Synonyms are the words people type instead.

answer-yes = Так
    .synonyms = т, так так, ага, угу, звісно, звичайно, авжеж, гаразд, добре, згоден, згодна, ок, да, tak, yes, oui
answer-no = Ні
    .synonyms = н, ні дякую, зовсім ні, нє, не, нет, ni, no, non
answer-rather-not = Без відповіді
    .synonyms = не хочу відповідати, не відповідати, не скажу, краще не відповідати, не хочу казати

## Global commands: the first word is the one shown in the help.

command-start = спочатку
    .synonyms = почати спочатку, почати знову, заново, старт, привіт, вітаю, добрий день, spochatku, restart, start
command-help = допомога
    .synonyms = ?, допоможіть, не розумію, я не розумію, sos, dopomoga, help, помощь
command-back = назад
    .synonyms = попереднє, попереднє запитання, повернутися, nazad, back
command-skip = пропустити
    .synonyms = далі, наступне, наступне запитання, propustyty, skip
command-language = мова
    .synonyms = мови, змінити мову, інша мова, mova, language, язык
command-human = людина
    .synonyms = консультант, працівник, оператор, жива людина, поговорити з людиною, liudyna, human
command-stop = стоп
    .synonyms = пауза, перерва, зупинити, зупинитися, stop
command-erase = видалити
    .synonyms = видалити мої дані, видалити все, стерти, стерти дані, vydalyty, delete
command-change = змінити
    .synonyms = виправити, змінити відповідь, виправити відповідь, редагувати, zminyty

## The engine's messages.

engine-welcome-back = З поверненням! Продовжимо з того місця, де ми зупинилися.
engine-dialogue-updated = Запитання трохи змінилися. Продовжимо з потрібного запитання.
engine-resume-offer = З поверненням! Бажаєте продовжити з того місця, де ви зупинилися?
engine-restart = Добре, починаємо спочатку.
engine-already-ended = Анкету вже заповнено. Напишіть «спочатку», щоб пройти її ще раз, або «людина», щоб поговорити з працівником.
engine-help =
    { $stuck ->
        [yes] Не хвилюйтеся, я допоможу.
       *[no] Ось що ви можете написати:
    }
    • номер або слово з вашою відповіддю;
    • «назад», щоб повернутися до попереднього запитання;
    • «пропустити», щоб пропустити необов’язкове запитання;
    • «змінити», щоб виправити відповідь;
    • «мова», щоб вибрати іншу мову;
    • «людина», щоб поговорити з працівником;
    • «стоп», щоб зробити перерву;
    • «мої дані», щоб побачити, що я зберігаю, і змінити це;
    • «видалити», щоб видалити ваші дані.
    .sms =
        { $stuck ->
            [yes] Не хвилюйтеся, я допоможу. Можна написати:
           *[no] Можна написати:
        } номер відповіді, «назад», «пропустити», «змінити», «мова», «людина», «стоп», «мої дані» або «видалити».
engine-human =
    { $stored ->
        [yes] Записано: наш працівник зв’яжеться з вами.
       *[no] Щоб поговорити з людиною, зателефонуйте до { -france-travail } за номером 3949 або прийдіть до { -france-services-explained }.
    } Також можна продовжити тут.
engine-paused = Добре, робимо перерву. Напишіть мені, коли захочете: ми продовжимо з цього місця.
engine-erase-confirm = Ви справді хочете видалити всі ваші відповіді? Відновити їх буде неможливо.
engine-erased = Готово: усе, що ви мені розповіли, видалено. Ви можете почати знову будь-коли.
engine-erase-cancelled = Добре, я нічого не видаляю.
engine-back = Добре, повернімося до попереднього запитання.
engine-back-nothing = Ми на самому початку: попереднього запитання немає.
engine-skip-refused = Це запитання не можна пропустити: без відповіді я не зможу продовжити.
engine-language-prompt = Якою мовою вам зручніше?
engine-language-known = Вітаю! Я помічник державної служби зайнятості та соціальної підтримки у Франції. Я писатиму вам українською. Щоб вибрати іншу мову, напишіть «{ command-language }».
engine-progress = Частина { $part } з { $total }: { $name }
    .sms = { $part }/{ $total }: { $name }
engine-stuck = Вибачте, з цією анкетою виникла проблема. Далі вам допоможе наш працівник.
engine-stale-choice = Це запитання вже закрите. Будь ласка, дайте відповідь на останнє запитання.
engine-summary =
    Ось що ви мені розповіли:
    { $lines }
engine-summary-line = • { $label }: { $value }
engine-change-prompt = Яку відповідь ви хочете виправити?
engine-change-nothing = Ви ще нічого не відповіли.
engine-change-hint = Помилилися? Напишіть «змінити».
    .sms = { "" }
engine-summary-brief =
    { $count ->
        [one] Я записав { $count } відповідь. Прочитати: «{ command-summary }».
        [few] Я записав { $count } відповіді. Прочитати: «{ command-summary }».
        [many] Я записав { $count } відповідей. Прочитати: «{ command-summary }».
       *[other] Я записав { $count } відповіді. Прочитати: «{ command-summary }».
    }

## How answers read back.

value-skipped = (запитання пропущено)
value-withheld = (запитання не ставилося)

## Menus.

menu-reply =
    { $count ->
        [1] Напишіть 1.
        [2] Напишіть 1 або 2.
        [3] Напишіть 1, 2 або 3.
        [4] Напишіть 1, 2, 3 або 4.
       *[other] Номер від 1 до { $count }.
    }
menu-reply-multi = Можна кілька: 1, 3.
menu-reply-multi-buttons = Натисніть на відповідь або напишіть кілька номерів через кому.

## Lists and dates.

list-separator = {", "}
# Between items when one of them holds the plain separator itself.
list-separator-strong = {"; "}
list-item = • { $item }
list-and = { $first } і { $last }
list-or = { $first } або { $last }
date-long = { $day } { $month } { $year }
month-1 = січня
month-2 = лютого
month-3 = березня
month-4 = квітня
month-5 = травня
month-6 = червня
month-7 = липня
month-8 = серпня
month-9 = вересня
month-10 = жовтня
month-11 = листопада
month-12 = грудня

## Why an answer was not understood. The step's own hint follows.

miss-empty = Ви нічого не написали.
miss-not-an-option = Вибачте, я не розумію цю відповідь.
    .sms = Вибачте, не розумію відповідь.
miss-ambiguous = Ви маєте на увазі: { $options }?
miss-unknown-part = Я не розумію «{ $part }».
miss-too-few =
    { $min ->
        [1] Виберіть хоча б одну відповідь.
        [one] Виберіть щонайменше { $min } відповідь.
        [few] Виберіть щонайменше { $min } відповіді.
        [many] Виберіть щонайменше { $min } відповідей.
       *[other] Виберіть щонайменше { $min } відповіді.
    }
miss-too-many =
    { $max ->
        [1] Виберіть лише одну відповідь.
        [one] Виберіть не більше ніж { $max } відповідь.
        [few] Виберіть не більше ніж { $max } відповіді.
        [many] Виберіть не більше ніж { $max } відповідей.
       *[other] Виберіть не більше ніж { $max } відповіді.
    }
miss-exclusive = «{ $option }» не можна поєднувати з іншими відповідями.
miss-not-a-number = Напишіть, будь ласка, число цифрами.
miss-birth-month = Щоб скерувати вас куди треба, мені потрібен і місяць народження. Напишіть місяць і рік, наприклад 03/2000, або дату народження.
miss-too-low = Це число замале. Найменше: { $min }.
miss-too-high = Це число завелике. Найбільше: { $max }.
miss-not-a-date = Не вдалося розпізнати дату.
miss-date-future = Ця дата ще не настала.
miss-date-past = Ця дата вже минула.
miss-not-a-place = Не вдалося знайти цей поштовий індекс чи населений пункт.
miss-not-a-phone = Не вдалося розпізнати цей номер телефону.
miss-too-long = Ваше повідомлення задовге. Найбільше символів: { $max }.
miss-no-match = Формат не підходить.

## Urgent situations: said at once, in the person's language.

urgent-danger = Якщо вам загрожує небезпека, негайно телефонуйте за номером 17 (поліція) або 112. Насильство: 3919, безкоштовно й анонімно. Наші працівники розглянуть ваше звернення першочергово.
urgent-violence = Ви не самі. Зателефонуйте за номером 3919: це безкоштовно, анонімно, цілодобово. Якщо небезпека просто зараз: 17 або 112, або SMS на 114. Наші працівники розглянуть ваше звернення першочергово.
urgent-child-danger = Дитина в небезпеці: телефонуйте за номером 119, безкоштовно, цілодобово. Якщо небезпека просто зараз: 17 або 112. Наші працівники розглянуть ваше звернення першочергово.
urgent-suicide = Ви можете поговорити про це просто зараз: телефонуйте за номером 3114, безкоштовно, цілодобово. Якщо небезпека просто зараз: 15 або 112. Наші працівники розглянуть ваше звернення першочергово.
urgent-no-housing-tonight = Щоб сьогодні переночувати в безпечному місці, телефонуйте за номером 115: це безкоштовно, цілодобово. Наші працівники розглянуть ваше звернення першочергово.
urgent-no-food = Щоб поїсти вже сьогодні, зверніться до { -ccas-explained } або зателефонуйте за номером 115. Наші працівники розглянуть ваше звернення першочергово.

## The orientation proposed at the end.

orientation-understood =
    Ось як я розумію вашу ситуацію:
    { $needs }
orientation-understood-none = Ви не згадали про особливі труднощі.
orientation-proposal = Я пропоную вам супровід { $parcours }. Вам допомагатиме { $lead }.
    .sms = Пропоную супровід { $parcours }. Допоможе { $lead }.
orientation-because =
    Чому:
    { $reasons }
orientation-with = На першій зустрічі також буде { $body }.
    .sms = Також: { $body }.
orientation-also =
    Вам також можуть допомогти:
    { $partners }
orientation-next = Це пропозиція: її підтвердить служба, яка вам допомагатиме.
    .sms = { "" }
parcours-emploi = «Робота» (Emploi), щоб швидко знайти роботу
    .sms = «Робота»
parcours-global = «Комплексний» (Global): робота і ваші труднощі водночас
    .sms = «Комплексний»
parcours-social = «Соціальний» (Social), щоб спершу розв’язати ваші труднощі
    .sms = «Соціальний»
body-france-travail = { -france-travail }
body-mission-locale = { -mission-locale }
body-cap-emploi = { -cap-emploi }
body-conseil-departemental = соціальна служба департаменту
orientation-reason-under-26 = Вам менше 26 років: { -mission-locale } допомагає молоді.
orientation-reason-rsa = Ви отримуєте { -rsa }: ваш супровід затверджує департамент.
orientation-reason-rsa-claim = Ви подали заяву на { -rsa }: ваш супровід затверджує департамент.
orientation-reason-disability = У вас визнана інвалідність: { -cap-emploi-explained } добре знає такі ситуації.
orientation-reason-disability-claim = Ваша заява до { -mdph } на розгляді.
orientation-reason-no-recent-work = Ви не працюєте вже понад 2 роки.
orientation-reason-not-qualified = У вас немає професійного диплома.
orientation-reason-not-ready = Зараз ви не можете вийти на роботу.
orientation-reason-ready-with-help = Ви хочете працювати, і вам потрібна невелика допомога.
orientation-reason-strong-barriers =
    { $count ->
        [1] Одна проблема заважає вам працювати.
        [one] { $count } проблема заважає вам працювати.
        [few] { $count } проблеми заважають вам працювати.
        [many] { $count } проблем заважають вам працювати.
       *[other] { $count } проблеми заважають вам працювати.
    }
orientation-reason-medium-barriers =
    { $count ->
        [1] Одна проблема трохи вам заважає.
        [one] { $count } проблема трохи вам заважає.
        [few] { $count } проблеми трохи вам заважають.
        [many] { $count } проблем трохи вам заважають.
       *[other] { $count } проблеми трохи вам заважають.
    }
orientation-reason-ready = Ви готові працювати, і ніщо вам серйозно не заважає.
orientation-reason-urgent = Ви повідомили про термінову ситуацію: наші працівники розглянуть вашу зустріч першочергово.
orientation-reason-safety-first = Ви повідомили про надзвичайну ситуацію (немає де ночувати сьогодні, насильство чи небезпека): ваша перша зустріч — із соціальною службою департаменту, щоб швидко вам допомогти.
partner-ccas = { -ccas-explained }
partner-caf = { -caf-explained }
partner-siao = телефон 115 — місце для ночівлі
partner-france-services = { -france-services-explained }
partner-cpam = { -assurance-maladie-explained }
partner-mdph = { -mdph-explained }
partner-cap-emploi = { -cap-emploi-explained }
partner-conseiller-numerique = консультант з інтернету та комп’ютера
partner-ateliers-francais = курси французької мови біля вашого дому
partner-plateforme-mobilite = служба мобільності — допомога з правами водія і транспортом
partner-point-justice = point-justice — безкоштовні юридичні поради

## My data: what is kept, the consents, withdrawing them.

command-mydata = мої дані
    .synonyms = мої відомості, показати мої дані, moi dani
command-unshare = не ділитися
    .synonyms = більше не ділитися, припинити обмін
command-summary = підсумок
    .synonyms = підсумки, мої відповіді, pidsumok
engine-mydata-nothing = Я нічого про вас не зберігаю: ви не погодилися, щоб я зберігав ваші відповіді.
engine-mydata-no-answers = Я зберігаю вашу мову і ваші згоди, але ще жодної відповіді.
engine-mydata =
    Ось що я зберігаю про вас:
    { $lines }
engine-mydata-invitation = Ви отримали запрошення: ваш департамент передав нам ваш номер і те, що про вас сказано в його списку (ім'я, дата народження, поштовий індекс, RSA, ідентифікатор France Travail). Ці дані захищені, як і ваші відповіді, і видаляються разом із ними на ваше прохання.
engine-mydata-consents =
    Ви погодилися:
    { $lines }
engine-mydata-consent-store = щоб я зберігав ваші відповіді
engine-mydata-consent-sensitive = щоб я зберігав відповіді про здоров’я
engine-mydata-consent-share = щоб я показував їх службам, які вам допомагають
engine-mydata-consent-reminders = отримувати нагадування
engine-mydata-prompt = Що ви хочете зробити?
engine-mydata-opt-unshare = Більше не показувати їх службам
engine-mydata-opt-unsensitive = Видалити відповіді про здоров’я
engine-mydata-opt-noreminders = Більше не отримувати нагадувань
engine-mydata-opt-erase = Видалити все
engine-mydata-opt-continue = Продовжити
engine-unshared = Готово: служби більше не бачитимуть ваших відповідей.
engine-not-shared = Ваші відповіді нікому не показуються.
engine-sensitive-withdrawn = Готово: ваші відповіді про здоров’я видалено.
engine-reminders-withdrawn = Готово: ви більше не отримуватимете нагадувань.
engine-erase-receipt = Номер видалення: { $reference }. Збережіть його, якщо захочете це підтвердити.

## Glossary: French institutions and papers keep their French name (what people read on letters
## and doors); the -explained form says once, in plain words, what they are.

-caf = CAF
-caf-explained = CAF (каса сімейних допомог)
-msa = MSA
-msa-explained = MSA (соціальна каса сільського господарства)
-france-travail = France Travail
-france-travail-explained = France Travail (служба зайнятості)
-rsa = RSA
-rsa-explained = RSA (допомога людям з малим доходом)
-cap-emploi = Cap emploi
-cap-emploi-explained = Cap emploi (служба зайнятості для людей з інвалідністю)
-mission-locale = Mission Locale
-mission-locale-explained = Mission Locale (допомога молоді від 16 до 25 років)
-brevet = brevet
-brevet-explained = brevet (диплом після 9 класів)
-mutuelle = mutuelle
-mutuelle-explained = mutuelle (додаткова медична страховка)
-css = Complémentaire santé solidaire
-css-explained = Complémentaire santé solidaire (безкоштовна додаткова медична страховка, колишня CMU)
-mdph = MDPH
-mdph-explained = MDPH (служба у справах людей з інвалідністю)
-rqth = RQTH
-rqth-explained = RQTH (статус працівника з інвалідністю)
-aah = AAH
-aah-explained = AAH (допомога з інвалідності)
-ccas = CCAS
-ccas-explained = CCAS (соціальна служба мерії)
-france-services = France Services
-france-services-explained = France Services (допомога з документами)
-carte-vitale = carte Vitale
-carte-vitale-explained = carte Vitale (картка медичного страхування)
-assurance-maladie = Assurance Maladie
-assurance-maladie-explained = Assurance Maladie (державне медичне страхування)
