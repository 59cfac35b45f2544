### Booking the first appointment, the appointment later on, reminders.

## The booking step of the diagnostic.

diag-booking-prompt = Estas son las primeras citas libres. ¿Cuál le viene bien?
diag-booking-hint = Responda con el número de la cita.
diag-booking-short = Cita
diag-done-prompt = ¡Gracias, y hasta pronto! Escriba «cita» en cualquier momento para ver su cita, anularla o elegir otra fecha.
    .sms = ¡Gracias, hasta pronto!

## Offers.

booking-offer-prompt = Estas son las primeras citas libres. ¿Cuál le viene bien?
booking-offer-prompt-joint = Estas son citas conjuntas con { $with }. ¿Cuál le viene bien?
booking-offer-prompt-joint-at = Estas son citas conjuntas con { $place } y { $with }. ¿Cuál le viene bien?
    .sms = Citas conjuntas con { $place } y { $with }. ¿Cuál le viene bien?
booking-offer-prompt-joint-at-format = Estas son citas conjuntas con { $place } y { $with }, { $format }. ¿Cuál le viene bien?
    .sms = Citas conjuntas con { $place } y { $with }, { $format }. ¿Cuál le viene bien?
booking-offer = { $when }, { $format } ({ $place })
    .button = { $when }
booking-offer-prompt-at = Estas son las primeras citas libres con { $place }. ¿Cuál le viene bien?
    .sms = Citas libres con { $place }. ¿Cuál le viene bien?
booking-offer-prompt-at-format = Estas son las primeras citas libres con { $place }, { $format }. ¿Cuál le viene bien?
    .sms = Citas libres con { $place }, { $format }. ¿Cuál le viene bien?
booking-offer-format = { $when }, { $format }
    .button = { $when }
booking-offer-when = { $when }
    .button = { $when }
booking-more = Otras fechas
    .synonyms = otras fechas, otra fecha, otras, mas tarde, más tarde, mas adelante, más adelante
booking-call-me = Ninguna me viene bien, llámenme
    .sms = Ninguna, llámenme
    .synonyms = llamenme, llámenme, que me llamen, ninguna, ninguno
booking-taken = Lo siento, alguien acaba de reservar esta cita. Busco otras fechas.
booking-no-more = De momento no hay otras fechas libres.
booking-none = De momento no he encontrado ninguna cita libre.
booking-waiting = Anotado: el servicio de acogida le llamará en un plazo de 2 días laborables para fijar una cita.

## The confirmation.

booking-confirmed = ¡Reservado! Su cita: { $when }. Su número de reserva: { $reference }.
    .sms = Reservado: { $when }. Número: { $reference }.
booking-where-on-site = Dirección: { $place }, { $address }. { $directions }
booking-where-phone = { $place } le llamará a esa hora.
    .sms = { $place } le llamará.
booking-where-video = { $place } le enviará el enlace de la videollamada antes de la cita.
    .sms = { $place } le enviará el enlace de la videollamada.
booking-with = Esta cita es compartida con: { $with }.
    .sms = También con: { $with }.
booking-bring = Recuerde traer: { $items }.
    .sms = Traiga: { $items }.
booking-demo = (Dirección y horarios de demostración.)
    .sms = (Demostración.)
booking-how-to-cancel = Para anularla o elegir otra fecha, escriba «cita».
    .sms = Para anularla o cambiarla: escriba «cita».
booking-details = Qué traer, anularla o cambiarla: escriba «cita».
booking-reminder = Recordatorio: su cita es el { $when }, { $place }. Número: { $reference }. Para anularla o elegir otra fecha, escriba «cita».
format-on-site = en persona
format-phone = por teléfono
format-video = por videollamada
phone-own-number = Este número (el que me escribe)
    .synonyms = este numero, este, el mismo, el mismo numero
phone-needed = Para una cita por teléfono, el servicio tiene que poder llamarle. Escriba su número, por ejemplo 06 12 34 56 78.
phone-none-prompt = Sin número, nadie puede llamarle. ¿Prefiere una cita en persona o por videollamada?
phone-give-number = Doy un número
bring-id = un documento de identidad
bring-cv = su currículum (si tiene uno)
    .sms = su currículum
bring-caf = su certificado de la { -caf } (attestation CAF)
    .sms = su certificado de la CAF
bring-address-proof = un justificante de domicilio
bring-vitale = su { -carte-vitale-explained }
    .sms = su carte Vitale
bring-rqth-proof = su notificación { -rqth } (reconocimiento de discapacidad)
    .sms = su notificación RQTH

## Dates said in words.

datetime-long = { $weekday } { $day } de { $month } a las { $hour }:{ $minute }
weekday-1 = lunes
weekday-2 = martes
weekday-3 = miércoles
weekday-4 = jueves
weekday-5 = viernes
weekday-6 = sábado
weekday-7 = domingo

## Dates said briefly: on a slot's button (the message above lists the slot in full) and in an SMS menu.

datetime-short = { $weekday } { $day } { $month } { $hour }:{ $minute }
weekday-short-1 = lun.
weekday-short-2 = mar.
weekday-short-3 = mié.
weekday-short-4 = jue.
weekday-short-5 = vie.
weekday-short-6 = sáb.
weekday-short-7 = dom.
month-short-1 = ene.
month-short-2 = feb.
month-short-3 = mar.
month-short-4 = abr.
month-short-5 = may.
month-short-6 = jun.
month-short-7 = jul.
month-short-8 = ago.
month-short-9 = sept.
month-short-10 = oct.
month-short-11 = nov.
month-short-12 = dic.

## "My appointment", any time later.

command-appointment = cita
    .synonyms = mi cita, citas, mis citas, rendez-vous, rdv
appointment-none = No tiene ninguna cita prevista.
appointment-show = Su cita: { $when }, { $format } ({ $place }). Número: { $reference }.
appointment-what = ¿Qué quiere hacer?
appointment-keep = Mantenerla
    .synonyms = mantener, mantenerla, conservar, ok, nada
appointment-cancel = Anularla
    .synonyms = anular, anularla, cancelar, cancelarla, anulacion, anulación
appointment-move = Cambiar la fecha
    .synonyms = cambiar la fecha, cambiar de fecha, nueva fecha, mover, moverla, aplazar
appointment-cancelled = Su cita está anulada. La plaza queda libre para otra persona. Escriba «cita» si quiere pedir otra.
appointment-kept = Muy bien, mantenemos su cita.

## Choosing another organisation or another format.

booking-other = Otro servicio u otro formato
    .sms = Otro servicio o formato
    .synonyms = otra entidad, otro formato, otro lugar
booking-other-prompt = ¿Con quién, o cómo, prefiere su cita?

## Messages sent when reception staff act on an appointment.

staff-notice-confirmed = Su cita está confirmada: { $when }, { $place }. Número: { $reference }.
staff-notice-moved = Su cita ha cambiado: { $when }, { $place }. Número: { $reference }. Para anularla o elegir otra fecha, escriba «cita».
staff-notice-cancelled = Su cita del { $when } ({ $place }) ha sido anulada. Escriba «cita» para pedir otra.
staff-notice-no-show = No le vimos en su cita del { $when } ({ $place }). Escriba «cita» para pedir otra.
staff-notice-excused = Su ausencia a la cita del { $when } queda registrada como justificada. Escriba «cita» para pedir otra.

# The calendar file's name, without ".ics" (a file name: no spaces, no slash).
booking-calendar-file = cita
