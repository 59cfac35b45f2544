### The staff dashboard (French and English only: staff read it, people never do).

staff-skip = Skip to content
staff-menu = Main menu
staff-queue = Appointment queue
staff-slots = Slots
staff-simulator = Simulator
staff-accounts = Accounts
staff-audit = Audit log
staff-logout = Log out
staff-role = Role
staff-role-admin = administrator
staff-role-reception = reception
staff-role-advisor = advisor

## Login, setup, password.

staff-login-title = Staff sign-in
staff-login-failed = Wrong address or password, or too many attempts: try again later.
staff-login-button = Sign in
staff-email = E-mail address
staff-password = Password
staff-password-change = Password
staff-setup-title = Choose your password
staff-password-rule = At least { $min } characters. A long passphrase is welcome.
staff-password-current = Current password
staff-password-new = New password
staff-password-confirm = Confirm the new password
staff-password-too-short = This password is too short.
staff-password-too-long = This password is too long.
staff-password-mismatch = The two passwords are not the same.
staff-password-wrong = The current password is wrong.
staff-password-too-many = Too many password attempts. Try again in 15 minutes.
staff-save = Save

## The queue.

staff-counts = By status
staff-filter-reference = Search
staff-filter-partner = Organisation
staff-filter-status = Status
staff-filter-date = Day
staff-filter-parcours = Pathway
staff-filter-apply = Filter
staff-all = All
staff-export-csv = Export as CSV
staff-waiting-title = Requests waiting for a call back
staff-waiting-caption = No slot suited: call the person back.
staff-bookings-title = Appointments
staff-none = Nothing for now.
staff-urgent = Urgent
staff-urgent-text = They were given this number; reception calls them back first.
staff-pages = Pages
staff-previous = Previous page
staff-next = Next page
staff-page-of = Page { $page } of { $pages }
staff-col-reference = Number
staff-col-when = Date
staff-col-partner = Organisation
staff-col-status = Status
staff-col-parcours = Pathway
staff-col-urgent = Urgency
staff-col-created = Created
staff-col-question = Question
staff-col-answer = Answer
staff-col-codes = Codes
staff-status-active = Upcoming
staff-status-all = All
staff-status-pending = To confirm
staff-status-confirmed = Confirmed
staff-status-cancelled = Cancelled
staff-status-seen = Came
staff-status-no-show = Did not come
staff-status-excused = Excused absence
staff-status-moved = Moved
staff-status-waiting = Waiting for a call back
staff-parcours-emploi = Employment
staff-parcours-global = Global
staff-parcours-social = Social

## A booking.

staff-booking = Appointment
staff-with = With
staff-format = Format
staff-person = The person
staff-channel = Channel
staff-channel-sms = SMS
staff-channel-whatsapp = WhatsApp
staff-channel-telegram = Telegram
staff-channel-console = Terminal
staff-language = Language
staff-contact = Contact
staff-contact-show = Show the contact
staff-contact-audited = Every display is written to the audit log.
staff-export-person = All of the person's data (JSON, right of access)
staff-person-erased = The person's data has been erased.
staff-diagnostic = Shared diagnostic
staff-no-share = The person did not agree that their diagnostic be shared with the organisations.
staff-no-sensitive = Answers about health, disability and justice are not shown: the person did not give that consent.
staff-sensitive = sensitive data
staff-proposal = Proposed orientation
staff-answers = Answers
staff-actions = Actions
staff-confirm = Confirm the appointment
staff-cancel = Cancel the appointment
staff-reason = Reason
staff-outcome = After the appointment
staff-record = Record
staff-reassign = Reassign or move
staff-reassign-partner = Organisation
staff-show-slots = Show free slots
staff-no-slots = No free slot for this organisation in the coming weeks.
staff-slot = New slot
staff-reassign-button = Move the appointment
staff-joint-dropped = This joint appointment will become an appointment with the chosen organisation only.
staff-history = History
staff-messages = Messages sent to the person
staff-actor-person = the person
staff-actor-system = the system
staff-done = Done. The person is told if the action concerns them.
staff-unchanged = Nothing changed: the appointment was already in that state.
staff-reason-required = Give a reason.
staff-slot-taken = This slot is no longer free: choose another one.
staff-lead-only = This is a joint appointment: only the partner leading it, reception or an admin can confirm, move or cancel it.
staff-joint-second = A joint appointment led by another partner: they, reception or an admin confirm, move or cancel it. Here you record how it went for you.
staff-slot-unknown = This slot does not exist for you.
staff-choose-outcome = Choose what happened.

## A waiting request.

staff-request = Call-back request
staff-request-open = To call back
staff-request-closed = Handled
staff-request-book = Book an appointment for the person
staff-request-book-button = Book this slot
staff-request-close = Mark as handled

## Slots.

staff-site = Place
staff-show = Show
staff-load = Load of the coming weeks
staff-week = Week of
staff-booked = Booked
staff-capacity = Slots
staff-openings = Opening hours
staff-days = Days
staff-hours = Hours
staff-appointment = Appointment type
staff-seats = Seats
staff-remove = Remove
staff-removed = Removed
staff-restore = Restore
staff-opening-add = Add opening hours
staff-add = Add
staff-from = From
staff-to = To
staff-to-included = Until (included)
staff-date = Date
staff-time = Time
staff-extras = One-off slots
staff-extra-add = Open a one-off slot
staff-closures = Closures
staff-closure-add = Add a closure
staff-saved = Saved.
staff-invalid = These values do not fit: check the days, the hours and the appointment type.
staff-day-mon = Monday
staff-day-tue = Tuesday
staff-day-wed = Wednesday
staff-day-thu = Thursday
staff-day-fri = Friday
staff-day-sat = Saturday

## Audit and accounts.

staff-audit-when = When
staff-audit-actor = Who
staff-audit-action = Action
staff-audit-booking = Appointment
staff-audit-person = Person
staff-audit-detail = Detail
staff-setup-link = Account created. Give this link to the person: it will not be shown again and works for 7 days.
staff-account-on = active
staff-account-off = disabled
staff-account-waiting = waiting for a first password
staff-account-disable = Disable
staff-account-enable = Enable
staff-account-reset = New access link
staff-account-add = Create an account
staff-account-partner = Organisation (required for an advisor)
staff-account-invalid = Check the address, the role and the organisation.
staff-account-exists = An account with this address already exists.
staff-no-public-url = No access link can be made: the service's public address (TREMPLIN_PUBLIC_URL) is not set. Ask the technical team.

## Simulator.

staff-sim-nothing-stored = Try the dialogue as a person would see it. Nothing is stored and no appointment is booked.
staff-sim-surface = Display
staff-sim-start = Start
staff-sim-answer = Your answer
staff-sim-send = Send

## What became of the messages sent to a person, as the SMS/WhatsApp provider reports it.
staff-message-kind-text = Message
staff-message-kind-reminder = Appointment reminder
staff-message-kind-calendar = Calendar file
staff-delivery-waiting = to be sent
staff-delivery-none = not sent
staff-delivery-accepted = handed to the carrier
staff-delivery-scheduled = handed to the carrier
staff-delivery-queued = handed to the carrier
staff-delivery-sending = being sent
staff-delivery-sent = sent
staff-delivery-delivered = delivered
staff-delivery-read = read
staff-delivery-undelivered = undelivered
staff-delivery-failed = failed
staff-delivery-canceled = cancelled
staff-delivery-no-template = not sent: the person has not written for more than 24 hours, and no approved WhatsApp template exists for this message in their language
staff-delivery-not-sent = not sent: number unreachable
staff-delivery-code = code { $code }
staff-unreachable = Number unreachable since { $when }: the carrier reports it unknown or unreachable (code { $code }). Nothing more is sent to it until the person writes. Check the number or reach the person another way.

## Safe actions: ask first, undo, call back.

staff-done-undo = Done. The person will be told in 10 minutes: until then, you can undo.
staff-undone = Undone: the appointment is as it was and the person will get no message.
staff-not-started = The appointment has not started yet: you can record whether the person came from its start time.
staff-undo-expired = Too late to undo: the person has been told.
staff-note-required = Write a note about the call.
staff-ask-cancel = Cancel appointment { $reference }?
staff-ask-cancel-yes = Yes, cancel the appointment
staff-ask-no-show = Record the person as absent from appointment { $reference }?
staff-ask-no-show-yes = Yes, the person did not come
staff-ask-undo = The person will get a message in 10 minutes. Until then, you can undo.
staff-ask-no = No, back to the appointment
staff-cancel-reason = Reason for cancelling
staff-move-reason = Reason for moving
staff-close-reason = What was done for the person
staff-outcome-reason = Remark (optional)
staff-reason-private = For the team: the person does not see it.
staff-undo-until = The person will be told at { $time }. Until then, you can undo.
staff-undo = Undo
staff-outcome-later = You can record whether the person came from { $when }.
staff-called-back = Record the call back
staff-called-back-at = Call back recorded:
staff-called-back-note = Note about the call
staff-status-undone = Action undone
staff-status-called-back = Person called back
staff-day-sun = Sunday
staff-day-words = { $weekday } { $day } { $month }
staff-month-1 = January
staff-month-2 = February
staff-month-3 = March
staff-month-4 = April
staff-month-5 = May
staff-month-6 = June
staff-month-7 = July
staff-month-8 = August
staff-month-9 = September
staff-month-10 = October
staff-month-11 = November
staff-month-12 = December
staff-urgency-danger = In danger, 17 or 112
staff-urgency-violence = Violence, 3919
staff-urgency-child-danger = Child in danger, 119
staff-urgency-suicide = Suicidal thoughts, 3114
staff-urgency-no-housing-tonight = Nowhere to sleep tonight, 115
staff-urgency-no-food = Nothing to eat, CCAS or 115
staff-filter-not-called-back = Urgent cases not called back yet
staff-called-back-short = called back
staff-view-today = Today
staff-view-tomorrow = Tomorrow
staff-view-week = This week
staff-views = Views
staff-filter-site = Place
staff-filter-reference-help = Booking reference, phone number in any format, or a name reception noted.
staff-print-help = To print the day's list, use the browser's print: only what reception needs is printed.
staff-to-record = Attendance to record
staff-audit-all = All
staff-audit-page = Page { $page } (500 lines a page, newest first)
staff-audit-view-booking = Appointment viewed
staff-audit-view-request = Request viewed
staff-audit-view-contact = Contact shown
staff-audit-booking-confirmed = Appointment confirmed
staff-audit-booking-cancelled = Appointment cancelled
staff-audit-booking-seen = Attendance recorded
staff-audit-booking-no-show = Absence recorded
staff-audit-booking-excused = Excused absence recorded
staff-audit-booking-moved = Appointment moved
staff-audit-booking-undo-cancelled = Cancellation undone
staff-audit-booking-undo-no-show = Absence undone
staff-audit-request-closed = Request closed
staff-audit-called-back = Call back recorded
staff-audit-search-phone = Search by phone
staff-audit-export-csv = CSV export
staff-audit-export-person = Export of a person's data
staff-audit-login = Login
staff-audit-login-failed = Failed login
staff-audit-logout = Logout
staff-audit-account-created = Account created
staff-audit-account-reset = New access link
staff-audit-account-enabled = Account enabled
staff-audit-account-disabled = Account disabled
staff-audit-slots = Slots changed
staff-password-title = Change your password
staff-slot-fits = suits
staff-slot-fits-note = The slots that match what the person said (format, time of day, needs such as an interpreter or an accessible place) come first, marked "suits".
staff-slot-fitting = Suit the person
staff-slot-others = Other slots

## Orientation reasons, about the person (the person reads them addressed to them).

staff-orientation-reason-under-26 = The person is under 26: the Mission Locale helps young people.
staff-orientation-reason-rsa = The person receives the RSA: the Département approves the help proposed.
staff-orientation-reason-rsa-claim = The person applied for the RSA: the Département approves the help proposed.
staff-orientation-reason-disability = The person has a recognised disability: Cap emploi knows these situations well.
staff-orientation-reason-disability-claim = Their MDPH application is in progress.
staff-orientation-reason-no-recent-work = The person has not worked for more than 2 years.
staff-orientation-reason-not-qualified = The person has no vocational qualification.
staff-orientation-reason-not-ready = The person cannot go back to work for now.
staff-orientation-reason-ready-with-help = The person wants to work, with some help.
staff-orientation-reason-strong-barriers =
    { $count ->
        [one] One difficulty keeps them from working.
       *[other] { $count } difficulties keep them from working.
    }
staff-orientation-reason-medium-barriers =
    { $count ->
        [one] One difficulty hinders them a little.
       *[other] { $count } difficulties hinder them a little.
    }
staff-orientation-reason-ready = The person can work now, and nothing really stops them.
staff-orientation-reason-urgent = The person reported an urgent situation: their appointment comes first.
staff-orientation-reason-safety-first = The person reported an emergency (no shelter tonight, violence or danger): their first appointment is with the Département's social service.
staff-urgent-unknown = The person reported an urgent situation: reception calls them back first.
staff-appointment-premier-rdv = First appointment
staff-need-interprete = Interpreter
staff-need-interpreter-in = Interpreter in { $language }
staff-need-accessibilite-pmr = Wheelchair-accessible place
staff-need-accessibilite-audition = Hearing support (sign language, loop)
staff-need-accessibilite-vue = Sight support
staff-needs-told = The person asked for: { $needs }.
staff-language-name-fr = French
staff-language-name-en = English
staff-language-name-ar = Arabic
staff-language-name-uk = Ukrainian
staff-language-name-ru = Russian
staff-language-name-es = Spanish
staff-language-name-pt = Portuguese
staff-language-name-tr = Turkish
staff-own-words = In their own words
staff-own-words-in = In their own words, in { $language }
staff-as-read = As the person read it, in { $language }:
staff-in-french = In French:
staff-name = The person's name (if you know it)
staff-name-save = Save the name
staff-name-help = To find them by name in the search. The name is encrypted; the person does not see it. Leave blank to erase it.
staff-audit-search-name = Search by name
staff-audit-note-name = Name noted
staff-audit-forget-name = Name erased

## Calendar feeds: the page, and the texts of the calendar itself (read by staff).

staff-feeds = Calendars
staff-feeds-intro = Subscribe your calendar (Outlook, Thunderbird, a phone) to the appointments. The address is private. The calendar is updated with every change.
staff-feeds-contents = For each appointment: the reference, the time, the place, the format and the partner of a joint appointment. The person's name only if they agreed to share their diagnostic with partners. Never their diagnostic or their answers. A cancelled appointment stays shown as cancelled for 30 days.
staff-feeds-help = To subscribe: in Outlook, "Add calendar", "From Internet"; in Thunderbird, "New Calendar", "On the Network"; on a phone, "Add subscribed calendar". Paste the address.
staff-feeds-none = No calendar yet.
staff-feed-owner = Calendar of
staff-feed-created = Created on
staff-feed-fetched = Last read
staff-feed-never-fetched = Never read
staff-feed-new = New calendar
staff-feed-create = Create the address
staff-feed-renew = Renew the address
staff-feed-revoke = Delete
staff-feed-link = Here is the calendar's private address. Copy it now: it will not be shown again. Anyone who knows it sees these appointments. If it was passed around, renew it.
staff-feed-exists = This calendar has an address already. Renew it to get a new one.
staff-feed-revoked = The address is deleted. Subscribed calendars no longer read it.
staff-feed-name = tremplin: { $owner }
staff-feed-summary = tremplin appointment { $reference } — { $place }
staff-feed-summary-named = tremplin appointment { $reference } — { $person } — { $place }
staff-feed-reference = Reference: { $reference }
staff-feed-format = Format: { $format }
staff-feed-status = Status: { $status }
staff-feed-joint = Joint appointment: { $place } and { $with }
staff-feed-person = Person: { $person }
staff-audit-feed-created = Calendar created
staff-audit-feed-renewed = Calendar address renewed
staff-audit-feed-revoked = Calendar deleted
staff-feeds-no-public-url = No calendar address can be made: the service's public address (TREMPLIN_PUBLIC_URL) is not configured. Ask the technical team for it.

## Local services proposed at the end of the diagnostic (data·inclusion)
staff-services = Services proposed near the person
staff-services-help = What the closing message of the diagnostic proposed for their strongest barriers, found again from their answers.
staff-services-barrier-mobility = Mobility
staff-services-barrier-childcare = Childcare, family
staff-services-barrier-housing = Housing
staff-services-barrier-language = Language
staff-services-barrier-digital = Digital
staff-services-barrier-money = Money
staff-services-barrier-admin = Paperwork
staff-services-strong = strong barrier
staff-services-medium = medium barrier
staff-services-remote = Remote
staff-services-link = Service page
