### Messages of the SMS and WhatsApp channel.

sms-stopped = You will not receive any more messages from us. To start again, reply START.
sms-started = Welcome back! Let's carry on.
sms-media-only = I can only read text. Please write your answer.
sms-too-long = Your message was too long: I kept the beginning.
