### Messages of the SMS and WhatsApp channel.

sms-stopped = لن تصلك رسائل منا بعد الآن. للعودة، أرسل START.
sms-started = أهلًا بعودتك! نكمل.
sms-media-only = أستطيع قراءة النص فقط. اكتب إجابتك من فضلك.
sms-too-long = رسالتك طويلة جدًا: احتفظت ببدايتها.
