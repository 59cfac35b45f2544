### Booking the first appointment, the appointment later on, reminders.

## The booking step of the diagnostic.

diag-booking-prompt = Estes são os primeiros horários livres. Qual prefere?
diag-booking-hint = Responda com o número do horário.
diag-booking-short = Marcação
diag-done-prompt = Obrigado, e até breve! Escreva «marcação» a qualquer momento para ver a sua marcação, cancelá-la ou escolher outra data.
    .sms = Obrigado, até breve!

## Offers.

booking-offer-prompt = Estes são os primeiros horários livres. Qual prefere?
booking-offer-prompt-joint = Estes são horários para uma marcação em conjunto com { $with }. Qual prefere?
booking-offer-prompt-joint-at = Estes são horários em conjunto com { $place } e { $with }. Qual prefere?
    .sms = Horários em conjunto com { $place } e { $with }. Qual prefere?
booking-offer-prompt-joint-at-format = Estes são horários em conjunto com { $place } e { $with }, { $format }. Qual prefere?
    .sms = Horários em conjunto com { $place } e { $with }, { $format }. Qual prefere?
booking-offer = { $when }, { $format } ({ $place })
    .button = { $when }
booking-offer-prompt-at = Estes são os primeiros horários livres com { $place }. Qual prefere?
    .sms = Horários livres com { $place }. Qual prefere?
booking-offer-prompt-at-format = Estes são os primeiros horários livres com { $place }, { $format }. Qual prefere?
    .sms = Horários livres com { $place }, { $format }. Qual prefere?
booking-offer-format = { $when }, { $format }
    .button = { $when }
booking-offer-when = { $when }
    .button = { $when }
booking-more = Outras datas
    .synonyms = outras datas, outra data, outras, outros, mais à frente, mais a frente
booking-call-me = Nenhum me serve, liguem-me
    .sms = Nenhum, liguem-me
    .synonyms = liguem-me, liguem me, telefonem-me, nenhum, nenhuma, nenhum serve
booking-taken = Lamento, este horário acabou de ser reservado. Vou procurar outras datas.
booking-no-more = De momento, não há outras datas livres.
booking-none = De momento, não encontrei nenhum horário livre.
booking-waiting = Combinado: o atendimento vai ligar-lhe no prazo de 2 dias úteis para fazer a marcação.

## The confirmation.

booking-confirmed = Está marcado! A sua marcação: { $when }. O seu número de reserva: { $reference }.
    .sms = Marcado: { $when }. Número: { $reference }.
booking-where-on-site = Morada: { $place }, { $address }. { $directions }
booking-where-phone = { $place } vai ligar-lhe a essa hora.
    .sms = { $place } vai ligar-lhe.
booking-where-video = { $place } vai enviar-lhe o link da videochamada antes da marcação.
    .sms = { $place } vai enviar-lhe o link da videochamada.
booking-with = Esta marcação é partilhada com: { $with }.
    .sms = Também com: { $with }.
booking-bring = Lembre-se de trazer: { $items }.
    .sms = Traga: { $items }.
booking-demo = (Morada e horários de demonstração.)
    .sms = (Demonstração.)
booking-how-to-cancel = Para cancelar ou escolher outra data, escreva «marcação».
    .sms = Para cancelar ou mudar: escreva «marcação».
booking-details = O que trazer, cancelar ou mudar: escreva «marcação».
booking-reminder = Lembrete: a sua marcação é { $when }, { $place }. Número: { $reference }. Para cancelar ou escolher outra data, escreva «marcação».
format-on-site = presencial
format-phone = por telefone
format-video = por videochamada
phone-own-number = Este número (o que me escreve)
    .synonyms = este numero, este, o mesmo, o mesmo numero
phone-needed = Para uma marcação por telefone, o serviço tem de poder ligar-lhe. Escreva o seu número, por exemplo 06 12 34 56 78.
phone-none-prompt = Sem número, ninguém lhe pode ligar. Prefere uma marcação presencial ou por videochamada?
phone-give-number = Dou um número
bring-id = um documento de identificação
bring-cv = o seu CV (se tiver)
bring-caf = o seu comprovativo da { -caf } (attestation CAF)
    .sms = o seu comprovativo da CAF
bring-address-proof = um comprovativo de morada
bring-vitale = a sua { -carte-vitale-explained }
    .sms = a sua carte Vitale
bring-rqth-proof = a sua notificação { -rqth } (reconhecimento de deficiência)
    .sms = a sua notificação RQTH

## Dates said in words.

datetime-long = { $weekday }, { $day } de { $month }, às { $hour }h{ $minute }
weekday-1 = segunda-feira
weekday-2 = terça-feira
weekday-3 = quarta-feira
weekday-4 = quinta-feira
weekday-5 = sexta-feira
weekday-6 = sábado
weekday-7 = domingo

## Dates said briefly: on a slot's button (the message above lists the slot in full) and in an SMS menu.

datetime-short = { $weekday } { $day } { $month } { $hour }h{ $minute }
weekday-short-1 = seg.
weekday-short-2 = ter.
weekday-short-3 = qua.
weekday-short-4 = qui.
weekday-short-5 = sex.
weekday-short-6 = sáb.
weekday-short-7 = dom.
month-short-1 = jan.
month-short-2 = fev.
month-short-3 = mar.
month-short-4 = abr.
month-short-5 = mai.
month-short-6 = jun.
month-short-7 = jul.
month-short-8 = ago.
month-short-9 = set.
month-short-10 = out.
month-short-11 = nov.
month-short-12 = dez.

## "My appointment", any time later.

command-appointment = marcação
    .synonyms = marcacao, a minha marcação, a minha marcacao, marcações, marcacoes, reunião, reuniao, consulta, rendez-vous, rdv
appointment-none = Não tem nenhuma marcação.
appointment-show = A sua marcação: { $when }, { $format } ({ $place }). Número: { $reference }.
appointment-what = O que quer fazer?
appointment-keep = Manter
    .synonyms = manter, manter a marcação, manter a marcacao, ok, nada
appointment-cancel = Cancelar
    .synonyms = cancelar, desmarcar, anular, cancelamento
appointment-move = Mudar a data
    .synonyms = mudar a data, mudar de data, nova data, remarcar, adiar
appointment-cancelled = A sua marcação foi cancelada. O horário fica livre para outra pessoa. Escreva «marcação» se quiser fazer outra.
appointment-kept = Muito bem, a sua marcação mantém-se.

## Choosing another organisation or another format.

booking-other = Outra entidade ou outro formato
    .sms = Outra entidade ou formato
    .synonyms = outra entidade, outro formato, outro local
booking-other-prompt = Com quem, ou como, prefere a sua marcação?

## Messages sent when reception staff act on an appointment.

staff-notice-confirmed = A sua marcação está confirmada: { $when }, { $place }. Número: { $reference }.
staff-notice-moved = A sua marcação foi alterada: { $when }, { $place }. Número: { $reference }. Para cancelar ou escolher outra data, escreva «marcação».
staff-notice-cancelled = A sua marcação de { $when } ({ $place }) foi cancelada. Escreva «marcação» para fazer outra.
staff-notice-no-show = Não o vimos na sua marcação de { $when } ({ $place }). Escreva «marcação» para fazer outra.
staff-notice-excused = A sua ausência na marcação de { $when } ficou registada como justificada. Escreva «marcação» para fazer outra.

# The calendar file's name, without ".ics" (a file name: no spaces, no slash).
booking-calendar-file = marcação
