### Messages of the Telegram channel.

## The commands menu: one short description per command.

telegram-command-start = Começar ou retomar
telegram-command-help = Ajuda: o que pode escrever
telegram-command-language = Mudar de língua
telegram-command-back = Voltar à pergunta anterior
telegram-command-human = Falar com uma pessoa
telegram-command-appointment = A minha marcação
telegram-command-mydata = Os meus dados: o que é guardado sobre mim
telegram-command-erase = Apagar os meus dados

## Messages the bot cannot read.

telegram-unsupported = Só consigo ler texto e botões. Escreva a sua resposta, por favor.
telegram-voice = Não consigo ouvir mensagens de voz. Escreva a sua resposta, por favor.
telegram-location = Obrigado, mas não consigo ler localizações. Escreva o seu código postal ou a sua localidade, por favor.
telegram-contact = Obrigado, mas não consigo ler contactos. Escreva o número de telefone, por favor.
telegram-edited = Alterou uma mensagem: fico com a primeira versão. Para corrigir uma resposta, escreva «alterar».
telegram-private-only = Só respondo numa conversa privada. Escreva-me diretamente, por favor.
