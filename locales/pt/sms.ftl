### Messages of the SMS and WhatsApp channel.

sms-stopped = Não voltará a receber mensagens nossas. Para recomeçar, responda START.
sms-started = Bem-vindo de volta! Vamos continuar.
sms-media-only = Só consigo ler texto. Escreva a sua resposta, por favor.
sms-too-long = A sua mensagem era demasiado longa: guardei o início.

## An invitation from a Département's list, and its reminders ($who: who invites; $rsa: yes
## or no; $telegram: yes when $link, a Telegram link that continues the same record, is given).

invitation-sms =
    Olá, { $who } convida-o a preparar a sua primeira consulta{ $rsa ->
        [yes] {" "}para o seu acompanhamento RSA
       *[other] {""}
    }. Responda a este SMS para começar: é gratuito e sem compromisso.{ $telegram ->
        [yes] {" "}Ou no Telegram: { $link }
       *[other] {""}
    } STOP para não receber mais.
invitation-reminder-sms =
    Lembrete: { $who } convida-o a preparar a sua primeira consulta. Responda a este SMS para começar: é gratuito e sem compromisso.{ $telegram ->
        [yes] {" "}Ou no Telegram: { $link }
       *[other] {""}
    } STOP para não receber mais.
