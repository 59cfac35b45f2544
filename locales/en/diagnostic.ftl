### The self-diagnostic. Keys: diag-<step>-<role>.

## Sections

diag-section-welcome = Welcome
diag-section-profile = About you
diag-section-situation = Your situation
diag-section-barriers = What may hold you back
diag-section-end = To finish

## Welcome and consents

diag-language-prompt =
    Hello! I am the assistant of the public employment and integration service.
    Choose your language. Choisissez votre langue.
diag-language-hint = Reply with the number of your language.
diag-welcome-prompt = I am going to ask you a few short questions about your situation. It takes about 5 minutes. Then I will offer you an appointment with the right organisation.
diag-consent-store-prompt = May I keep your answers? They are only used to prepare your appointment. You can see them or erase them whenever you like.
diag-consent-store-hint = Reply yes or no. If you say no, I keep nothing.
diag-consent-store-short = Keep my answers
diag-consent-sensitive-prompt = One question is about health. Do you agree that I also keep that answer? If you say no, I will not ask it.
diag-consent-sensitive-hint = Reply yes or no. You will get an appointment either way.
diag-consent-sensitive-short = Keep my answer about health

## Profile

diag-age-prompt = How old are you?
diag-age-hint = Write your age in digits, for example 34.
diag-age-short = Age
diag-place-prompt = Which town do you live in? Write the postcode or the name of the town.
diag-place-hint = For example: 37000 or Tours.
diag-place-short = Town
diag-phone-prompt = Which phone number can we reach you on? Write "skip" if you do not want to give it.
diag-phone-hint = For example: 06 12 34 56 78.
diag-phone-short = Phone

## Situation

diag-situation-prompt = What is your situation today?
diag-situation-hint = Choose the sentence that is most like you.
diag-situation-short = Situation
diag-situation-opt-employed = I have a job
    .synonyms = job, work, employed, working
diag-situation-opt-job-seeker = I am looking for a job
    .synonyms = unemployed, looking, job seeker, no job
diag-situation-opt-training = I am in training
    .synonyms = training, studying, student, course
diag-situation-opt-never-worked = I have never worked
    .synonyms = never worked, first job
diag-situation-opt-other = Something else
    .synonyms = other
diag-last-job-prompt = When did your last job end? A date or a month is enough.
diag-last-job-hint = For example: 03/2024 or 15/03/2024. Write "skip" if you do not remember.
diag-last-job-short = End of last job
diag-ft-id-prompt = If you are registered with France Travail, what is your identifier? It has 7 digits and 1 letter. Otherwise, write "skip".
diag-ft-id-hint = For example: 1234567A.
diag-ft-id-short = France Travail identifier

## Barriers

diag-mobility-prompt = Do you find it hard to get around, for example to get to a job?
diag-mobility-hint = Reply yes or no.
diag-mobility-short = Difficulty getting around
diag-mobility-details-prompt = What makes it hard for you to get around?
diag-mobility-details-hint = You can give several numbers, for example: 1, 3.
diag-mobility-details-short = What holds back getting around
diag-mobility-details-opt-no-transport = I have no means of transport
    .synonyms = no car, no transport
diag-mobility-details-opt-public-transport = I depend on buses or trains
    .synonyms = bus, train, public transport
diag-mobility-details-opt-no-licence = I have no driving licence
    .synonyms = licence, license, no licence
diag-mobility-details-opt-health-driving = My health stops me from driving
    .synonyms = health
diag-mobility-details-opt-dont-know = I don't know
    .synonyms = not sure, no idea
diag-health-prompt = Do you have a health problem that makes working difficult?
diag-health-hint = Reply yes or no. You can also choose not to answer.
diag-health-short = Health

## End

diag-comment-prompt = Would you like to add anything for the person who will see you? Otherwise, write "skip".
diag-comment-hint = Write a short message.
diag-comment-short = Your message
diag-summary-prompt = Thank you, you are done! A person from the reception team will read your answers and offer you an appointment.
diag-refused-prompt = All right, I keep nothing. You can get help directly: call France Travail on 3949, or visit a France Services office. Write "restart" if you change your mind.
