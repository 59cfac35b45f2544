### Messages shared by every dialogue: answers, commands, the engine's own messages, menus.

## Language names, each written in its own language.

language-name-fr = Français
    .synonyms = французский, по-французски, francais, french, frantsuzskiy
language-name-en = English
    .synonyms = английский, по-английски, anglais, english, angliyskiy
language-name-ar = العربية
    .synonyms = арабский, по-арабски, arabe, arabic, arabskiy, عربي
language-name-uk = Українська
    .synonyms = украинский, по-украински, украинский язык, українська, ukrainien, ukrainian, ukrainskiy
language-name-ru = Русский
    .synonyms = русский, по-русски, русский язык, рус, російська, russe, russian, russkiy, russkij
language-name-es = Español
    .synonyms = испанский, по-испански, espagnol, spanish, espanol, ispanskiy
language-name-pt = Português
    .synonyms = португальский, по-португальски, portugais, portuguese, portugues
language-name-tr = Türkçe
    .synonyms = турецкий, по-турецки, turc, turkish, turkce
# Before the language menu, in the language the phone number suggests.
language-proposal = { $language }? Напишите { $number }.

## Yes, no, rather not say. Synonyms are the words people type instead.

answer-yes = Да
    .synonyms = д, да да, ага, угу, конечно, хорошо, ладно, согласен, согласна, ок, так, da, yes, oui
answer-no = Нет
    .synonyms = н, нет спасибо, совсем нет, не, ні, net, no, non
answer-rather-not = Без ответа
    .synonyms = не хочу отвечать, не отвечать, не скажу, лучше не отвечать, не хочу говорить

## Global commands: the first word is the one shown in the help.

command-start = заново
    .synonyms = начать заново, сначала, начать сначала, старт, привет, здравствуйте, добрый день, zanovo, restart, start
command-help = помощь
    .synonyms = ?, помогите, не понимаю, я не понимаю, sos, pomoshch, help, допомога
command-back = назад
    .synonyms = предыдущий, предыдущий вопрос, вернуться, nazad, back
command-skip = пропустить
    .synonyms = дальше, далее, следующий, следующий вопрос, propustit, skip
command-language = язык
    .synonyms = языки, сменить язык, другой язык, yazyk, language, мова
command-human = человек
    .synonyms = консультант, сотрудник, оператор, живой человек, поговорить с человеком, chelovek, human
command-stop = стоп
    .synonyms = пауза, перерыв, остановить, остановиться, stop
command-erase = удалить
    .synonyms = удалить мои данные, удалить всё, стереть, стереть данные, udalit, delete
command-change = изменить
    .synonyms = исправить, изменить ответ, исправить ответ, поменять, izmenit

## The engine's messages.

engine-welcome-back = С возвращением! Продолжим с того места, где мы остановились.
engine-dialogue-updated = Вопросы немного изменились. Продолжим с нужного вопроса.
engine-resume-offer = С возвращением! Хотите продолжить с того места, где вы остановились?
engine-restart = Хорошо, начинаем сначала.
engine-already-ended = Анкета уже заполнена. Напишите «заново», чтобы пройти её ещё раз, или «человек», чтобы поговорить с сотрудником.
engine-help =
    { $stuck ->
        [yes] Не волнуйтесь, я помогу.
       *[no] Вот что вы можете написать:
    }
    • номер или слово из вашего ответа;
    • «назад», чтобы вернуться к предыдущему вопросу;
    • «пропустить», чтобы пропустить необязательный вопрос;
    • «изменить», чтобы исправить ответ;
    • «язык», чтобы выбрать другой язык;
    • «человек», чтобы поговорить с сотрудником;
    • «стоп», чтобы сделать перерыв;
    • «мои данные», чтобы увидеть, что я храню, и изменить это;
    • «удалить», чтобы удалить ваши данные.
    .sms =
        { $stuck ->
            [yes] Не волнуйтесь, я помогу. Можно написать:
           *[no] Можно написать:
        } номер ответа, «назад», «пропустить», «изменить», «язык», «человек», «стоп», «мои данные» или «удалить».
engine-human =
    { $stored ->
        [yes] Записано: наш сотрудник свяжется с вами.
       *[no] Чтобы поговорить с человеком, позвоните в { -france-travail } по номеру 3949 или приходите в { -france-services-explained }.
    } Можно также продолжить здесь.
engine-paused = Хорошо, делаем перерыв. Напишите мне, когда захотите: мы продолжим с этого места.
engine-erase-confirm = Вы точно хотите удалить все ваши ответы? Восстановить их будет нельзя.
engine-erased = Готово: всё, что вы мне рассказали, удалено. Вы можете начать заново в любое время.
engine-erase-cancelled = Хорошо, я ничего не удаляю.
engine-back = Хорошо, вернёмся к предыдущему вопросу.
engine-back-nothing = Мы в самом начале: предыдущего вопроса нет.
engine-skip-refused = Этот вопрос нельзя пропустить: без ответа я не смогу продолжить.
engine-language-prompt = На каком языке вам удобнее?
engine-language-known = Здравствуйте! Я помощник государственной службы занятости и социальной поддержки во Франции. Я буду писать вам по-русски. Чтобы выбрать другой язык, напишите «{ command-language }».
engine-progress = Часть { $part } из { $total }: { $name }
    .sms = { $part }/{ $total }: { $name }
engine-stuck = Извините, с этой анкетой возникла проблема. Дальше вам поможет наш сотрудник.
engine-stale-choice = Этот вопрос уже закрыт. Пожалуйста, ответьте на последний вопрос.
engine-summary =
    Вот что вы мне рассказали:
    { $lines }
engine-summary-line = • { $label }: { $value }
engine-change-prompt = Какой ответ вы хотите исправить?
engine-change-nothing = Вы ещё ничего не ответили.
engine-change-hint = Ошиблись? Напишите «изменить».
    .sms = { "" }
engine-summary-brief =
    { $count ->
        [one] Я записал { $count } ответ. Прочитать: «{ command-summary }».
        [few] Я записал { $count } ответа. Прочитать: «{ command-summary }».
        [many] Я записал { $count } ответов. Прочитать: «{ command-summary }».
       *[other] Я записал { $count } ответа. Прочитать: «{ command-summary }».
    }

## How answers read back.

value-skipped = (вопрос пропущен)
value-withheld = (вопрос не задавался)

## Menus.

menu-reply =
    { $count ->
        [1] Напишите 1.
        [2] Напишите 1 или 2.
        [3] Напишите 1, 2 или 3.
        [4] Напишите 1, 2, 3 или 4.
       *[other] Номер от 1 до { $count }.
    }
menu-reply-multi = Можно несколько: 1, 3.
menu-reply-multi-buttons = Нажмите на ответ или напишите несколько номеров через запятую.

## Lists and dates.

list-separator = {", "}
# Between items when one of them holds the plain separator itself.
list-separator-strong = {"; "}
list-item = • { $item }
list-and = { $first } и { $last }
list-or = { $first } или { $last }
date-long = { $day } { $month } { $year }
month-1 = января
month-2 = февраля
month-3 = марта
month-4 = апреля
month-5 = мая
month-6 = июня
month-7 = июля
month-8 = августа
month-9 = сентября
month-10 = октября
month-11 = ноября
month-12 = декабря

## Why an answer was not understood. The step's own hint follows.

miss-empty = Вы ничего не написали.
miss-not-an-option = Извините, я не понимаю этот ответ.
    .sms = Извините, не понимаю ответ.
miss-ambiguous = Вы имеете в виду: { $options }?
miss-unknown-part = Я не понимаю «{ $part }».
miss-too-few =
    { $min ->
        [1] Выберите хотя бы один ответ.
        [one] Выберите минимум { $min } ответ.
        [few] Выберите минимум { $min } ответа.
        [many] Выберите минимум { $min } ответов.
       *[other] Выберите минимум { $min } ответа.
    }
miss-too-many =
    { $max ->
        [1] Выберите только один ответ.
        [one] Выберите не больше { $max } ответа.
        [few] Выберите не больше { $max } ответов.
        [many] Выберите не больше { $max } ответов.
       *[other] Выберите не больше { $max } ответа.
    }
miss-exclusive = «{ $option }» нельзя сочетать с другими ответами.
miss-not-a-number = Напишите, пожалуйста, число цифрами.
miss-birth-month = Чтобы направить вас куда нужно, мне нужен и месяц рождения. Напишите месяц и год, например 03/2000, или дату рождения.
miss-too-low = Это число слишком маленькое. Минимум: { $min }.
miss-too-high = Это число слишком большое. Максимум: { $max }.
miss-not-a-date = Не удалось распознать дату.
miss-date-future = Эта дата ещё не наступила.
miss-date-past = Эта дата уже прошла.
miss-not-a-place = Не удалось найти этот почтовый индекс или населённый пункт.
miss-not-a-phone = Не удалось распознать этот номер телефона.
miss-too-long = Ваше сообщение слишком длинное. Максимум символов: { $max }.
miss-no-match = Формат не подходит.

## Urgent situations: said at once, in the person's language.

urgent-danger = Если вам угрожает опасность, сразу звоните по номеру 17 (полиция) или 112. Насилие: 3919, бесплатно и анонимно. Наши сотрудники рассмотрят ваше обращение в первую очередь.
urgent-violence = Вы не одни. Позвоните по номеру 3919: это бесплатно, анонимно, круглосуточно. Если опасность прямо сейчас: 17 или 112, или SMS на 114. Наши сотрудники рассмотрят ваше обращение в первую очередь.
urgent-child-danger = Ребёнок в опасности: звоните по номеру 119, бесплатно, круглосуточно. Если опасность прямо сейчас: 17 или 112. Наши сотрудники рассмотрят ваше обращение в первую очередь.
urgent-suicide = Вы можете поговорить об этом прямо сейчас: звоните по номеру 3114, бесплатно, круглосуточно. Если опасность прямо сейчас: 15 или 112. Наши сотрудники рассмотрят ваше обращение в первую очередь.
urgent-no-housing-tonight = Чтобы сегодня переночевать в безопасном месте, звоните по номеру 115: это бесплатно, круглосуточно. Наши сотрудники рассмотрят ваше обращение в первую очередь.
urgent-no-food = Чтобы поесть уже сегодня, обратитесь в { -ccas-explained } или позвоните по номеру 115. Наши сотрудники рассмотрят ваше обращение в первую очередь.

## The orientation proposed at the end.

orientation-understood =
    Вот как я понимаю вашу ситуацию:
    { $needs }
orientation-understood-none = Вы не упомянули особых трудностей.
orientation-proposal = Я предлагаю вам сопровождение { $parcours }. Вам будет помогать { $lead }.
    .sms = Предлагаю сопровождение { $parcours }. Поможет { $lead }.
orientation-because =
    Почему:
    { $reasons }
orientation-with = На первой встрече также будет { $body }.
    .sms = Также: { $body }.
orientation-also =
    Вам также могут помочь:
    { $partners }
orientation-next = Это предложение: его подтвердит служба, которая будет вам помогать.
    .sms = { "" }
parcours-emploi = «Работа» (Emploi), чтобы быстро найти работу
    .sms = «Работа»
parcours-global = «Комплексное» (Global): работа и ваши трудности одновременно
    .sms = «Комплексное»
parcours-social = «Социальное» (Social), чтобы сначала решить ваши трудности
    .sms = «Социальное»
body-france-travail = { -france-travail }
body-mission-locale = { -mission-locale }
body-cap-emploi = { -cap-emploi }
body-conseil-departemental = социальная служба департамента
orientation-reason-under-26 = Вам меньше 26 лет: { -mission-locale } помогает молодёжи.
orientation-reason-rsa = Вы получаете { -rsa }: ваше сопровождение утверждает департамент.
orientation-reason-rsa-claim = Вы подали заявление на { -rsa }: ваше сопровождение утверждает департамент.
orientation-reason-disability = У вас признана инвалидность: { -cap-emploi-explained } хорошо знает такие ситуации.
orientation-reason-disability-claim = Ваше заявление в { -mdph } сейчас рассматривается.
orientation-reason-no-recent-work = Вы не работаете уже больше 2 лет.
orientation-reason-not-qualified = У вас нет профессионального диплома.
orientation-reason-not-ready = Сейчас вы не можете выйти на работу.
orientation-reason-ready-with-help = Вы хотите работать, и вам нужна небольшая помощь.
orientation-reason-strong-barriers =
    { $count ->
        [1] Одна проблема мешает вам работать.
        [one] { $count } проблема мешает вам работать.
        [few] { $count } проблемы мешают вам работать.
        [many] { $count } проблем мешают вам работать.
       *[other] { $count } проблемы мешают вам работать.
    }
orientation-reason-medium-barriers =
    { $count ->
        [1] Одна проблема немного вам мешает.
        [one] { $count } проблема немного вам мешает.
        [few] { $count } проблемы немного вам мешают.
        [many] { $count } проблем немного вам мешают.
       *[other] { $count } проблемы немного вам мешают.
    }
orientation-reason-ready = Вы готовы работать, и ничто вам всерьёз не мешает.
orientation-reason-urgent = Вы сообщили о срочной ситуации: наши сотрудники рассмотрят вашу встречу в первую очередь.
orientation-reason-safety-first = Вы сообщили о чрезвычайной ситуации (негде ночевать сегодня, насилие или опасность): ваша первая встреча — с социальной службой департамента, чтобы быстро вам помочь.
partner-ccas = { -ccas-explained }
partner-caf = { -caf-explained }
partner-siao = телефон 115 — место для ночлега
partner-france-services = { -france-services-explained }
partner-cpam = { -assurance-maladie-explained }
partner-mdph = { -mdph-explained }
partner-cap-emploi = { -cap-emploi-explained }
partner-conseiller-numerique = консультант по интернету и компьютеру
partner-ateliers-francais = курсы французского языка рядом с домом
partner-plateforme-mobilite = служба мобильности — помощь с правами и транспортом
partner-point-justice = point-justice — бесплатные юридические консультации

## My data: what is kept, the consents, withdrawing them.

command-mydata = мои данные
    .synonyms = мои сведения, показать мои данные, moi dannye
command-unshare = не делиться
    .synonyms = больше не делиться, прекратить обмен
command-summary = сводка
    .synonyms = итоги, итог, мои ответы, svodka
engine-mydata-nothing = Я ничего о вас не храню: вы не согласились, чтобы я хранил ваши ответы.
engine-mydata-no-answers = Я храню ваш язык и ваши согласия, но пока ни одного ответа.
engine-mydata =
    Вот что я храню о вас:
    { $lines }
engine-mydata-invitation = Вы получили приглашение: ваш департамент передал нам ваш номер и то, что о вас сказано в его списке (имя, дата рождения, почтовый индекс, RSA, идентификатор France Travail). Эти данные защищены, как и ваши ответы, и удаляются вместе с ними по вашей просьбе.
engine-mydata-consents =
    Вы согласились:
    { $lines }
engine-mydata-consent-store = чтобы я хранил ваши ответы
engine-mydata-consent-sensitive = чтобы я хранил ответы о здоровье
engine-mydata-consent-share = чтобы я показывал их службам, которые вам помогают
engine-mydata-consent-reminders = получать напоминания
engine-mydata-prompt = Что вы хотите сделать?
engine-mydata-opt-unshare = Больше не показывать их службам
engine-mydata-opt-unsensitive = Удалить ответы о здоровье
engine-mydata-opt-noreminders = Больше не получать напоминания
engine-mydata-opt-erase = Удалить всё
engine-mydata-opt-continue = Продолжить
engine-unshared = Готово: службы больше не увидят ваши ответы.
engine-not-shared = Ваши ответы никому не показываются.
engine-sensitive-withdrawn = Готово: ваши ответы о здоровье удалены.
engine-reminders-withdrawn = Готово: вы больше не будете получать напоминания.
engine-erase-receipt = Номер удаления: { $reference }. Сохраните его, если захотите это подтвердить.

## Glossary: French institutions and papers keep their French name (what people read on letters
## and doors); the -explained form says once, in plain words, what they are.

-caf = CAF
-caf-explained = CAF (касса семейных пособий)
-msa = MSA
-msa-explained = MSA (социальная касса сельского хозяйства)
-france-travail = France Travail
-france-travail-explained = France Travail (служба занятости)
-rsa = RSA
-rsa-explained = RSA (пособие для людей с низким доходом)
-cap-emploi = Cap emploi
-cap-emploi-explained = Cap emploi (служба занятости для людей с инвалидностью)
-mission-locale = Mission Locale
-mission-locale-explained = Mission Locale (помощь молодёжи от 16 до 25 лет)
-brevet = brevet
-brevet-explained = brevet (аттестат за 9 классов)
-mutuelle = mutuelle
-mutuelle-explained = mutuelle (дополнительная медицинская страховка)
-css = Complémentaire santé solidaire
-css-explained = Complémentaire santé solidaire (бесплатная дополнительная медицинская страховка, бывшая CMU)
-mdph = MDPH
-mdph-explained = MDPH (служба по делам людей с инвалидностью)
-rqth = RQTH
-rqth-explained = RQTH (статус работника с инвалидностью)
-aah = AAH
-aah-explained = AAH (пособие по инвалидности)
-ccas = CCAS
-ccas-explained = CCAS (социальная служба мэрии)
-france-services = France Services
-france-services-explained = France Services (помощь с документами)
-carte-vitale = carte Vitale
-carte-vitale-explained = carte Vitale (карта медицинского страхования)
-assurance-maladie = Assurance Maladie
-assurance-maladie-explained = Assurance Maladie (государственное медицинское страхование)
