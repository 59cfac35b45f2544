### The self-diagnostic. Keys: diag-<step>-<role>.

## Sections

diag-section-welcome = Bienvenue
diag-section-profile = Vous
diag-section-situation = Votre situation
diag-section-barriers = Ce qui peut vous freiner
diag-section-end = Pour finir

## Welcome and consents

diag-language-prompt =
    Bonjour ! Je suis l'assistant du service public de l'insertion et de l'emploi.
    Choisissez votre langue. Choose your language.
diag-language-hint = Répondez avec le numéro de votre langue.
diag-welcome-prompt = Je vais vous poser quelques questions courtes sur votre situation. Cela prend environ 5 minutes. Ensuite, je vous proposerai un rendez-vous avec la bonne structure.
diag-consent-store-prompt = Puis-je garder vos réponses ? Elles servent seulement à préparer votre rendez-vous. Vous pourrez les voir ou les effacer quand vous voulez.
diag-consent-store-hint = Répondez oui ou non. Si vous dites non, je ne garde rien.
diag-consent-store-short = Garder mes réponses
diag-consent-sensitive-prompt = Une question parle de santé. Acceptez-vous que je garde aussi cette réponse ? Si vous dites non, je ne vous la poserai pas.
diag-consent-sensitive-hint = Répondez oui ou non. Vous aurez un rendez-vous dans les deux cas.
diag-consent-sensitive-short = Garder ma réponse sur la santé

## Profile

diag-age-prompt = Quel âge avez-vous ?
diag-age-hint = Écrivez votre âge en chiffres, par exemple 34.
diag-age-short = Âge
diag-place-prompt = Dans quelle commune habitez-vous ? Écrivez le code postal ou le nom de la commune.
diag-place-hint = Par exemple : 37000 ou Tours.
diag-place-short = Commune
diag-phone-prompt = À quel numéro de téléphone peut-on vous joindre ? Écrivez « passer » si vous ne voulez pas le donner.
diag-phone-hint = Par exemple : 06 12 34 56 78.
diag-phone-short = Téléphone

## Situation

diag-situation-prompt = Quelle est votre situation aujourd'hui ?
diag-situation-hint = Choisissez la phrase qui vous ressemble le plus.
diag-situation-short = Situation
diag-situation-opt-employed = J'ai un travail
    .synonyms = travail, emploi, je travaille, salarie
diag-situation-opt-job-seeker = Je cherche un travail
    .synonyms = chomage, sans emploi, je cherche, demandeur d'emploi
diag-situation-opt-training = Je suis en formation
    .synonyms = formation, etudes, etudiant, stage
diag-situation-opt-never-worked = Je n'ai jamais travaillé
    .synonyms = jamais travaille, premier emploi
diag-situation-opt-other = Autre situation
    .synonyms = autre
diag-last-job-prompt = Quand votre dernier travail s'est-il terminé ? Une date ou un mois suffit.
diag-last-job-hint = Par exemple : 03/2024 ou 15/03/2024. Écrivez « passer » si vous ne savez plus.
diag-last-job-short = Fin du dernier travail
diag-ft-id-prompt = Si vous êtes inscrit à France Travail, quel est votre identifiant ? Il a 7 chiffres et 1 lettre. Sinon, écrivez « passer ».
diag-ft-id-hint = Par exemple : 1234567A.
diag-ft-id-short = Identifiant France Travail

## Barriers

diag-mobility-prompt = Avez-vous du mal à vous déplacer, par exemple pour aller à un travail ?
diag-mobility-hint = Répondez oui ou non.
diag-mobility-short = Difficultés pour se déplacer
diag-mobility-details-prompt = Qu'est-ce qui vous gêne pour vous déplacer ?
diag-mobility-details-hint = Vous pouvez donner plusieurs numéros, par exemple : 1, 3.
diag-mobility-details-short = Freins pour se déplacer
diag-mobility-details-opt-no-transport = Je n'ai pas de moyen de transport
    .synonyms = pas de voiture, pas de transport
diag-mobility-details-opt-public-transport = Je dépends des bus ou des trains
    .synonyms = bus, train, transports en commun
diag-mobility-details-opt-no-licence = Je n'ai pas le permis
    .synonyms = permis, pas de permis
diag-mobility-details-opt-health-driving = Ma santé m'empêche de conduire
    .synonyms = sante
diag-mobility-details-opt-dont-know = Je ne sais pas
    .synonyms = sais pas, aucune idee
diag-health-prompt = Avez-vous un problème de santé qui vous gêne pour travailler ?
diag-health-hint = Répondez oui ou non. Vous pouvez aussi ne pas répondre.
diag-health-short = Santé

## End

diag-comment-prompt = Voulez-vous ajouter quelque chose pour la personne qui vous recevra ? Sinon, écrivez « passer ».
diag-comment-hint = Écrivez un message court.
diag-comment-short = Votre message
diag-summary-prompt = Merci, c'est terminé ! Une personne de l'accueil va lire vos réponses et vous proposer un rendez-vous.
diag-refused-prompt = D'accord, je ne garde rien. Vous pouvez être aidé directement : appelez France Travail au 3949, ou allez dans une France Services. Écrivez « recommencer » si vous changez d'avis.
