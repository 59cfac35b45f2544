### Messages of the SMS and WhatsApp channel.

sms-stopped = Não voltará a receber mensagens nossas. Para recomeçar, responda START.
sms-started = Bem-vindo de volta! Vamos continuar.
sms-media-only = Só consigo ler texto. Escreva a sua resposta, por favor.
sms-too-long = A sua mensagem era demasiado longa: guardei o início.
