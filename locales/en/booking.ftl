### Booking the first appointment, the appointment later on, reminders.

## The booking step of the diagnostic.

diag-booking-prompt = Here are the first free appointments. Which one suits you?
diag-booking-hint = Reply with the number of the appointment.
diag-booking-short = Appointment
diag-done-prompt = Thank you, and see you soon! Write "appointment" at any time to see, cancel or move your appointment.
    .sms = Thank you, see you soon!

## Offers.

booking-offer-prompt = Here are the first free appointments. Which one suits you?
booking-offer-prompt-joint = Here are appointments together with { $with }. Which one suits you?
booking-offer-prompt-joint-at = Here are joint appointments with { $place } and { $with }. Which one suits you?
    .sms = Joint appointments with { $place } and { $with }. Which one suits you?
booking-offer-prompt-joint-at-format = Here are joint appointments with { $place } and { $with }, { $format }. Which one suits you?
    .sms = Joint appointments with { $place } and { $with }, { $format }. Which one suits you?
booking-offer = { $when }, { $format } ({ $place })
    .button = { $when }
booking-offer-prompt-at = Here are the first free appointments with { $place }. Which one suits you?
    .sms = Free appointments with { $place }. Which one suits you?
booking-offer-prompt-at-format = Here are the first free appointments with { $place }, { $format }. Which one suits you?
    .sms = Free appointments with { $place }, { $format }. Which one suits you?
booking-offer-format = { $when }, { $format }
    .button = { $when }
booking-offer-when = { $when }
    .button = { $when }
booking-more = Other dates
    .synonyms = other dates, other date, more dates, others, later
booking-call-me = None of these suit me, call me back
    .sms = None, call me back
    .synonyms = call me, call me back, none, none of them, callback
booking-taken = Sorry, this appointment has just been taken. I am looking for other dates.
booking-no-more = There are no other free dates for now.
booking-none = I could not find a free appointment for now.
booking-waiting = Noted: the reception team will call you back within 2 working days to set an appointment.

## The confirmation.

booking-confirmed = It's booked! Your appointment: { $when }. Your booking number: { $reference }.
    .sms = Booked: { $when }. Number: { $reference }.
booking-where-on-site = Address: { $place }, { $address }. { $directions }
booking-where-phone = { $place } will call you at that time.
    .sms = { $place } will call you.
booking-where-video = { $place } will send you the video call link before the appointment.
    .sms = { $place } will send you the video call link.
booking-with = This appointment is shared with: { $with }.
    .sms = Also with: { $with }.
booking-bring = Remember to bring: { $items }.
    .sms = Bring: { $items }.
booking-demo = (Demonstration address and times.)
    .sms = (Demo.)
booking-how-to-cancel = To cancel or move it, write "appointment".
    .sms = Cancel or move: write "appointment".
booking-details = What to bring, to cancel or move: write "appointment".
booking-reminder = Reminder: your appointment is on { $when }, { $place }. Number: { $reference }. To cancel or move it, write "appointment".
format-on-site = in person
format-phone = by phone
format-video = by video call
phone-own-number = This number (the one writing to me)
    .synonyms = this number, this one, same number, the same
phone-needed = For an appointment by phone, the service must be able to call you. Write your number, for example 06 12 34 56 78.
phone-none-prompt = Without a number, nobody can call you. Would you rather have an appointment in person or by video call?
phone-give-number = I will give a number
bring-id = an ID document
bring-cv = your CV (if you have one)
bring-caf = your { -caf } certificate (attestation CAF)
bring-address-proof = a proof of address
bring-vitale = your { -carte-vitale-explained }
bring-rqth-proof = your { -rqth } decision letter (recognition of disability)

## Dates said in words.

datetime-long = { $weekday } { $day } { $month } at { $hour }:{ $minute }
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

## Dates said briefly: on a slot's button (the message above lists the slot in full) and in an SMS menu.

datetime-short = { $weekday } { $day } { $month } { $hour }:{ $minute }
weekday-short-1 = Mon
weekday-short-2 = Tue
weekday-short-3 = Wed
weekday-short-4 = Thu
weekday-short-5 = Fri
weekday-short-6 = Sat
weekday-short-7 = Sun
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec

## "My appointment", any time later.

command-appointment = appointment
    .synonyms = my appointment, appointments, appt, booking, my booking, rendez-vous, rdv
appointment-none = You have no appointment booked.
appointment-show = Your appointment: { $when }, { $format } ({ $place }). Number: { $reference }.
appointment-what = What would you like to do?
appointment-keep = Keep it
    .synonyms = keep, keep it, ok, nothing
appointment-cancel = Cancel it
    .synonyms = cancel, cancel it, cancellation
appointment-move = Change the date
    .synonyms = move, move it, reschedule, change the date, change date, new date, postpone
appointment-cancelled = Your appointment is cancelled. The slot is now free for someone else. Write "appointment" if you want to book another one.
appointment-kept = Fine, your appointment stays as it is.

## Choosing another organisation or another format.

booking-other = Another organisation or another format
    .sms = Another organisation or format
    .synonyms = another organisation, another format, somewhere else
booking-other-prompt = Who with, or how, would you prefer your appointment?

## Messages sent when reception staff act on an appointment.

staff-notice-confirmed = Your appointment is confirmed: { $when }, { $place }. Number: { $reference }.
staff-notice-moved = Your appointment has been moved: { $when }, { $place }. Number: { $reference }. To cancel or change the date, write "appointment".
staff-notice-cancelled = Your appointment on { $when } ({ $place }) has been cancelled. Write "appointment" to book another one.
staff-notice-no-show = We did not see you at your appointment on { $when } ({ $place }). Write "appointment" to book another one.
staff-notice-excused = Your absence from the appointment on { $when } is noted as excused. Write "appointment" to book another one.

# The calendar file's name, without ".ics" (a file name: no spaces, no slash).
booking-calendar-file = appointment
