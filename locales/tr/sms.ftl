### Messages of the SMS and WhatsApp channel.

sms-stopped = Artık bizden mesaj almayacaksınız. Yeniden başlamak için START yazın.
sms-started = Tekrar hoş geldiniz! Devam ediyoruz.
sms-media-only = Sadece yazıyı okuyabiliyorum. Lütfen cevabınızı yazın.
sms-too-long = Mesajınız çok uzundu: başını sakladım.
