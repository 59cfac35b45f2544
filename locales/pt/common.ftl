### Messages shared by every dialogue: answers, commands, the engine's own messages, menus.

## Language names, each written in its own language.

language-name-fr = Français
    .synonyms = francais, french, fransais, francês, frances
language-name-en = English
    .synonyms = anglais, inglés, angliyskiy, inglês, ingles
language-name-ar = العربية
    .synonyms = arabe, arabic, arabi, عربي, árabe
language-name-uk = Українська
    .synonyms = ukrainien, ukrainian, ukrainska, украинский, ucraniano
language-name-ru = Русский
    .synonyms = russe, russian, russkiy, русский язык, russo
language-name-es = Español
    .synonyms = espagnol, spanish, espanol, castellano, espanhol
language-name-pt = Português
    .synonyms = portugais, portuguese, portugues, português, brasileiro
language-name-tr = Türkçe
    .synonyms = turc, turkish, turkce, turco
# Before the language menu, in the language the phone number suggests.
language-proposal = { $language }? Responda { $number }.

## Yes, no, rather not say. Synonyms are the words people type instead.

answer-yes = Sim
    .synonyms = s, sim sim, claro, ok, está bem, tá bem, pode ser, com certeza, oui, yes
answer-no = Não
    .synonyms = n, nao, não obrigado, não obrigada, nada disso, de maneira nenhuma, non, no
answer-rather-not = Prefiro não responder
    .synonyms = não responder, sem resposta, prefiro não, não quero responder, prefiro não dizer

## Global commands: the first word is the one shown in the help.

command-start = recomeçar
    .synonyms = começar de novo, do início, início, novo, olá, bom dia
command-help = ajuda
    .synonyms = ?, socorro, sos, help, não entendo, não percebo, não compreendo
command-back = voltar
    .synonyms = anterior, pergunta anterior, para trás, atrás, back
command-skip = saltar
    .synonyms = pular, seguinte, próxima, próxima pergunta, passar, skip
command-language = idioma
    .synonyms = idiomas, língua, línguas, mudar de idioma, mudar de língua, language
command-human = pessoa
    .synonyms = humano, conselheiro, conselheira, uma pessoa, falar com alguém, atendente, human
command-stop = pausa
    .synonyms = parar, stop, mais tarde, fazer uma pausa
command-erase = apagar
    .synonyms = apagar os meus dados, apagar dados, eliminar, eliminar os meus dados, excluir
command-change = alterar
    .synonyms = corrigir, mudar, mudar uma resposta, alterar uma resposta, corrigir uma resposta, modificar

## The engine's messages.

engine-welcome-back = Olá de novo! Vamos continuar de onde a conversa parou.
engine-dialogue-updated = O questionário mudou um pouco. Vamos continuar na pergunta certa.
engine-resume-offer = Olá de novo! Quer continuar de onde a conversa parou?
engine-restart = Está bem, vamos recomeçar desde o início.
engine-already-ended = O seu questionário já terminou. Escreva «recomeçar» para o fazer de novo, ou «pessoa» para falar com uma pessoa.
engine-help =
    { $stuck ->
        [yes] Não se preocupe, eu ajudo.
       *[no] Pode escrever:
    }
    • o número ou a palavra da sua resposta;
    • «voltar» para voltar à pergunta anterior;
    • «saltar» para saltar uma pergunta opcional;
    • «alterar» para corrigir uma resposta;
    • «idioma» para mudar de idioma;
    • «pessoa» para falar com uma pessoa;
    • «pausa» para fazer uma pausa;
    • «os meus dados» para ver o que guardo e mudá-lo;
    • «apagar» para apagar os seus dados.
    .sms =
        { $stuck ->
            [yes] Não se preocupe, eu ajudo. Pode escrever:
           *[no] Pode escrever:
        } o número da sua resposta, «voltar», «saltar», «alterar», «idioma», «pessoa», «pausa», «os meus dados» ou «apagar».
engine-human =
    { $stored ->
        [yes] Combinado: uma pessoa do atendimento vai entrar em contacto.
       *[no] Para falar com uma pessoa, ligue para a { -france-travail }: 3949. Ou vá a um balcão { -france-services-explained }.
    } Também pode continuar aqui.
engine-paused = Combinado, vamos fazer uma pausa. Escreva quando quiser: continuamos a partir daqui.
engine-erase-confirm = Quer mesmo apagar todas as suas respostas? Depois não será possível recuperá-las.
engine-erased = Pronto: tudo o que me disse foi apagado. Pode recomeçar quando quiser.
engine-erase-cancelled = Está bem, não apago nada.
engine-back = Está bem, vamos voltar à pergunta anterior.
engine-back-nothing = Estamos no início: não há nenhuma pergunta antes desta.
engine-skip-refused = Não é possível saltar esta pergunta: preciso da resposta para continuar.
engine-language-prompt = Que idioma prefere?
engine-language-known = Olá! Sou o assistente do serviço público de inserção e emprego. Escrevo-lhe em português. Para mudar de idioma, escreva «{ command-language }».
engine-progress = Parte { $part } de { $total }: { $name }
engine-stuck = Desculpe, tenho um problema com este questionário. Uma pessoa do atendimento vai tratar do seu pedido.
engine-stale-choice = Esta pergunta já está fechada. Por favor, responda à última pergunta.
engine-summary =
    Resumo do que me disse:
    { $lines }
engine-summary-line = • { $label }: { $value }
engine-change-prompt = Que resposta quer corrigir?
engine-change-nothing = Ainda não respondeu a nenhuma pergunta.
engine-change-hint = Há um erro? Escreva «alterar» para corrigir uma resposta.
engine-summary-brief =
    { $count ->
        [one] Anotei a sua resposta. Para a ler, escreva «{ command-summary }».
       *[other] Anotei as suas { $count } respostas. Para as ler, escreva «{ command-summary }».
    }

## How answers read back.

value-skipped = (pergunta saltada)
value-withheld = (pergunta não feita)

## Menus.

menu-reply =
    { $count ->
        [1] Responda 1.
        [2] Responda 1 ou 2.
        [3] Responda 1, 2 ou 3.
        [4] Responda 1, 2, 3 ou 4.
       *[other] Responda com um número, de 1 a { $count }.
    }
menu-reply-multi = Responda com um ou mais números, por exemplo: 1, 3.
menu-reply-multi-buttons = Toque numa resposta, ou escreva várias separadas por vírgulas.

## Lists and dates.

list-separator = {", "}
# Between items when one of them holds the plain separator itself.
list-separator-strong = {"; "}
list-item = • { $item }
list-and = { $first } e { $last }
list-or = { $first } ou { $last }
date-long = { $day } de { $month } de { $year }
month-1 = janeiro
month-2 = fevereiro
month-3 = março
month-4 = abril
month-5 = maio
month-6 = junho
month-7 = julho
month-8 = agosto
month-9 = setembro
month-10 = outubro
month-11 = novembro
month-12 = dezembro

## Why an answer was not understood. The step's own hint follows.

miss-empty = Não recebi nada.
miss-not-an-option = Não entendi a sua resposta.
miss-ambiguous = Quer dizer { $options }?
miss-unknown-part = Não entendi «{ $part }».
miss-too-few =
    { $min ->
        [one] Escolha pelo menos uma resposta.
       *[other] Escolha pelo menos { $min } respostas.
    }
miss-too-many =
    { $max ->
        [one] Escolha só uma resposta.
       *[other] Escolha no máximo { $max } respostas.
    }
miss-exclusive = Não pode escolher «{ $option }» com outras respostas.
miss-not-a-number = Preciso de um número escrito com algarismos.
miss-birth-month = Para o orientar bem, preciso também do seu mês de nascimento. Escreva o mês e o ano, por exemplo 03/2000, ou a sua data de nascimento.
miss-too-low = Este número é pequeno demais: o mínimo é { $min }.
miss-too-high = Este número é grande demais: o máximo é { $max }.
miss-not-a-date = Não reconheci a data.
miss-date-future = Esta data está no futuro.
miss-date-past = Esta data já passou.
miss-not-a-place = Não reconheci este código postal nem esta localidade.
miss-not-a-phone = Não reconheci este número de telefone.
miss-too-long = A sua mensagem é longa demais: no máximo { $max } caracteres.
miss-no-match = O formato não está certo.

## Urgent situations: said at once, in the person's language.

urgent-danger = Se estiver em perigo, ligue já para o 17 (polícia) ou o 112. Violência: 3919, gratuito e anónimo. O atendimento vai tratar do seu pedido com prioridade.
urgent-violence = Não está só. Ligue para o 3919: é gratuito e anónimo, de dia e de noite. Em perigo imediato: 17 ou 112, ou um SMS para o 114. O atendimento vai tratar do seu pedido com prioridade.
urgent-child-danger = Uma criança em perigo: ligue para o 119, gratuito, de dia e de noite. Em perigo imediato: 17 ou 112. O atendimento vai tratar do seu pedido com prioridade.
urgent-suicide = Pode falar sobre isso agora: ligue para o 3114, gratuito, de dia e de noite. Em perigo imediato: 15 ou 112. O atendimento vai tratar do seu pedido com prioridade.
urgent-no-housing-tonight = Para ter onde dormir esta noite, ligue para o 115: é gratuito, de dia e de noite. O atendimento vai tratar do seu pedido com prioridade.
urgent-no-food = Para comer ainda hoje, vá ao { -ccas-explained }, ou ligue para o 115. O atendimento vai tratar do seu pedido com prioridade.

## The orientation proposed at the end.

orientation-understood =
    O que eu entendi:
    { $needs }
orientation-understood-none = Não indicou nenhuma dificuldade especial.
orientation-proposal = Proponho um acompanhamento { $parcours }, com { $lead }.
orientation-because =
    As razões:
    { $reasons }
orientation-with = A sua primeira marcação vai contar também com { $body }.
    .sms = Também com: { $body }.
orientation-also =
    Outros serviços também podem ajudar:
    { $partners }
orientation-next = Isto é uma proposta. O serviço que faz o acompanhamento vai confirmá-la.
    .sms = Isto é uma proposta: o serviço vai confirmá-la.
parcours-emploi = «Emprego», para encontrar trabalho rapidamente
parcours-global = «Global», para o trabalho e as suas dificuldades ao mesmo tempo
parcours-social = «Social», para resolver primeiro as suas dificuldades
body-france-travail = a France Travail
body-mission-locale = a { -mission-locale }
body-cap-emploi = a Cap emploi
body-conseil-departemental = o serviço social do Departamento
orientation-reason-under-26 = Tem menos de 26 anos: a { -mission-locale } ajuda os jovens.
orientation-reason-rsa = Recebe o { -rsa }: o Departamento valida o seu acompanhamento.
orientation-reason-rsa-claim = Pediu o { -rsa }: o Departamento valida o seu acompanhamento.
orientation-reason-disability = Tem um reconhecimento de deficiência: a { -cap-emploi-explained } conhece bem estas situações.
orientation-reason-disability-claim = O seu processo na { -mdph } está em curso.
orientation-reason-no-recent-work = Não trabalha há mais de 2 anos.
orientation-reason-not-qualified = Não tem um diploma profissional.
orientation-reason-not-ready = Por agora, não pode voltar a trabalhar.
orientation-reason-ready-with-help = Quer trabalhar, com um pouco de ajuda.
orientation-reason-strong-barriers =
    { $count ->
        [one] Uma dificuldade impede que trabalhe.
       *[other] { $count } dificuldades impedem que trabalhe.
    }
orientation-reason-medium-barriers =
    { $count ->
        [one] Uma dificuldade torna o trabalho um pouco mais difícil.
       *[other] { $count } dificuldades tornam o trabalho um pouco mais difícil.
    }
orientation-reason-ready = Pode começar a trabalhar já, sem grandes obstáculos.
orientation-reason-urgent = Indicou uma situação urgente: o atendimento vai ver a sua marcação com prioridade.
orientation-reason-safety-first = Indicou uma urgência (sem abrigo esta noite, violência ou perigo): a sua primeira marcação é com o serviço social do Departamento, para o ajudar depressa.
partner-ccas = o { -ccas-explained }
partner-caf = a { -caf-explained }
partner-siao = o 115, para encontrar um alojamento
partner-france-services = um balcão { -france-services-explained }
partner-cpam = a { -assurance-maladie-explained }
partner-mdph = a { -mdph-explained }
partner-cap-emploi = a { -cap-emploi-explained }
partner-conseiller-numerique = um conselheiro digital, para ajudar com a internet
partner-ateliers-francais = aulas de francês perto de casa
partner-plateforme-mobilite = uma plataforma de mobilidade, para a carta de condução (permis) e os transportes
partner-point-justice = um point-justice, para conselhos jurídicos gratuitos

## My data: what is kept, the consents, withdrawing them.

command-mydata = os meus dados
    .synonyms = meus dados, as minhas informacoes, ver os meus dados
command-unshare = deixar de partilhar
    .synonyms = nao partilhar, parar de partilhar
command-summary = resumo
    .synonyms = as minhas respostas, minhas respostas
engine-mydata-nothing = Não guardo nada sobre si: não aceitou que eu guardasse as suas respostas.
engine-mydata-no-answers = Guardo a sua língua e as suas escolhas, mas ainda nenhuma resposta.
engine-mydata =
    Eis o que guardo sobre si:
    { $lines }
engine-mydata-invitation = Recebeu um convite: o seu Departamento deu-nos o seu número e o que a lista dele diz sobre si (nome, data de nascimento, código postal, RSA, identificador France Travail). Estes dados estão protegidos como as suas respostas e são apagados com elas se o pedir.
engine-mydata-consents =
    Aceitou:
    { $lines }
engine-mydata-consent-store = que eu guarde as suas respostas
engine-mydata-consent-sensitive = que eu guarde as suas respostas sobre saúde
engine-mydata-consent-share = que eu as mostre às estruturas que o ajudam
engine-mydata-consent-reminders = receber lembretes
engine-mydata-prompt = O que quer fazer?
engine-mydata-opt-unshare = Deixar de as mostrar às estruturas
engine-mydata-opt-unsensitive = Apagar as minhas respostas sobre saúde
engine-mydata-opt-noreminders = Deixar de receber lembretes
engine-mydata-opt-erase = Apagar tudo
engine-mydata-opt-continue = Continuar
engine-unshared = Feito: as estruturas deixam de ver as suas respostas.
engine-not-shared = As suas respostas não são mostradas a ninguém.
engine-sensitive-withdrawn = Feito: as suas respostas sobre saúde foram apagadas.
engine-reminders-withdrawn = Feito: deixa de receber lembretes.
engine-erase-receipt = Referência do apagamento: { $reference }. Guarde-a se quiser comprová-lo.

## Glossary: French institutions and papers keep their French name (what people read on letters
## and doors); the -explained form says once, in plain words, what they are.

-caf = CAF
-caf-explained = CAF (caixa de abonos de família)
-msa = MSA
-msa-explained = MSA (segurança social agrícola)
-france-travail = France Travail
-france-travail-explained = France Travail (serviço público de emprego)
-rsa = RSA
-rsa-explained = RSA (apoio para quem tem poucos rendimentos)
-cap-emploi = Cap emploi
-cap-emploi-explained = Cap emploi (serviço de emprego para pessoas com deficiência)
-mission-locale = Mission Locale
-mission-locale-explained = Mission Locale (apoio a jovens dos 16 aos 25 anos)
-brevet = brevet
-brevet-explained = brevet (exame aos 15 anos)
-mutuelle = mutuelle
-mutuelle-explained = mutuelle (seguro de saúde complementar)
-css = Complémentaire santé solidaire
-css-explained = Complémentaire santé solidaire (seguro de saúde complementar gratuito, antiga CMU)
-mdph = MDPH
-mdph-explained = MDPH (serviço para pessoas com deficiência)
-rqth = RQTH
-rqth-explained = RQTH (trabalhador com deficiência)
-aah = AAH
-aah-explained = AAH (subsídio de deficiência)
-ccas = CCAS
-ccas-explained = CCAS (serviço social da câmara municipal)
-france-services = France Services
-france-services-explained = France Services (ajuda com a papelada)
-carte-vitale = carte Vitale
-carte-vitale-explained = carte Vitale (cartão de saúde)
-assurance-maladie = Assurance Maladie
-assurance-maladie-explained = Assurance Maladie (seguro de saúde público)
