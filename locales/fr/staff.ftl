### The staff dashboard (French and English only: staff read it, people never do).

staff-skip = Aller au contenu
staff-menu = Menu principal
staff-queue = File des rendez-vous
staff-slots = Créneaux
staff-simulator = Simulateur
staff-accounts = Comptes
staff-audit = Journal d'audit
staff-logout = Se déconnecter
staff-role = Rôle
staff-role-admin = administration
staff-role-reception = accueil
staff-role-advisor = conseiller ou conseillère

## Login, setup, password.

staff-login-title = Connexion à l'espace des équipes
staff-login-failed = Adresse ou mot de passe incorrect, ou trop d'essais : réessayez plus tard.
staff-login-button = Se connecter
staff-email = Adresse e-mail
staff-password = Mot de passe
staff-password-change = Mot de passe
staff-setup-title = Choisir votre mot de passe
staff-password-rule = Au moins { $min } caractères. Une phrase de passe longue est la bienvenue.
staff-password-current = Mot de passe actuel
staff-password-new = Nouveau mot de passe
staff-password-confirm = Confirmer le nouveau mot de passe
staff-password-too-short = Ce mot de passe est trop court.
staff-password-too-long = Ce mot de passe est trop long.
staff-password-mismatch = Les deux mots de passe ne sont pas identiques.
staff-password-wrong = Le mot de passe actuel est incorrect.
staff-password-too-many = Trop d'essais de mot de passe. Réessayez dans 15 minutes.
staff-save = Enregistrer

## The queue.

staff-counts = Par statut
staff-filter-reference = Rechercher
staff-filter-partner = Service
staff-filter-status = Statut
staff-filter-date = Jour
staff-filter-parcours = Parcours
staff-filter-apply = Filtrer
staff-all = Toutes
staff-export-csv = Exporter en CSV
staff-waiting-title = Demandes en attente de rappel
staff-waiting-caption = Aucun créneau ne convenait : rappeler la personne.
staff-bookings-title = Rendez-vous
staff-none = Rien pour l'instant.
staff-urgent = Urgent
staff-urgent-text = On lui a donné ce numéro ; l'accueil la rappelle en premier.
staff-pages = Pages
staff-previous = Page précédente
staff-next = Page suivante
staff-page-of = Page { $page } sur { $pages }
staff-col-reference = Numéro
staff-col-when = Date
staff-col-partner = Service
staff-col-status = Statut
staff-col-parcours = Parcours
staff-col-urgent = Urgence
staff-col-created = Créé le
staff-col-question = Question
staff-col-answer = Réponse
staff-col-codes = Codes
staff-status-active = À venir
staff-status-all = Tous
staff-status-pending = À confirmer
staff-status-confirmed = Confirmé
staff-status-cancelled = Annulé
staff-status-seen = Venue
staff-status-no-show = Absente ou absent
staff-status-excused = Absence excusée
staff-status-moved = Déplacé
staff-status-waiting = En attente de rappel
staff-parcours-emploi = Emploi
staff-parcours-global = Global
staff-parcours-social = Social

## A booking.

staff-booking = Rendez-vous
staff-with = Avec
staff-format = Format
staff-person = La personne
staff-channel = Canal
staff-channel-sms = SMS
staff-channel-whatsapp = WhatsApp
staff-channel-telegram = Telegram
staff-channel-console = Terminal
staff-language = Langue
staff-contact = Contact
staff-contact-show = Afficher le contact
staff-contact-audited = Chaque affichage est enregistré dans le journal d'audit.
staff-export-person = Toutes les données de la personne (JSON, droit d'accès)
staff-person-erased = Les données de la personne ont été effacées.
staff-diagnostic = Diagnostic partagé
staff-no-share = La personne n'a pas accepté que son diagnostic soit partagé avec les services.
staff-no-sensitive = Les réponses sur la santé, le handicap et la justice ne sont pas montrées : la personne n'a pas donné ce consentement.
staff-sensitive = donnée sensible
staff-proposal = Orientation proposée
staff-answers = Réponses
staff-actions = Actions
staff-confirm = Confirmer le rendez-vous
staff-cancel = Annuler le rendez-vous
staff-reason = Motif
staff-outcome = Après le rendez-vous
staff-record = Enregistrer
staff-reassign = Réorienter ou déplacer
staff-reassign-partner = Service
staff-show-slots = Voir les créneaux libres
staff-no-slots = Aucun créneau libre pour ce service dans les semaines à venir.
staff-slot = Créneau
staff-reassign-button = Déplacer le rendez-vous
staff-joint-dropped = Ce rendez-vous commun deviendra un rendez-vous avec le seul service choisi.
staff-history = Historique
staff-messages = Messages envoyés à la personne
staff-actor-person = la personne
staff-actor-system = le système
staff-done = C'est fait. La personne est prévenue si l'action la concerne.
staff-unchanged = Rien n'a changé : le rendez-vous était déjà dans cet état.
staff-reason-required = Indiquez un motif.
staff-slot-taken = Ce créneau n'est plus libre : choisissez-en un autre.
staff-lead-only = C'est un rendez-vous commun : seul le partenaire qui le mène, l'accueil ou un administrateur peut le confirmer, le déplacer ou l'annuler.
staff-joint-second = Rendez-vous commun mené par un autre partenaire : lui, l'accueil ou un administrateur le confirment, le déplacent ou l'annulent. Ici, vous notez comment il s'est passé pour vous.
staff-slot-unknown = Ce créneau n'existe pas pour vous.
staff-choose-outcome = Choisissez ce qui s'est passé.

## A waiting request.

staff-request = Demande de rappel
staff-request-open = À rappeler
staff-request-closed = Traitée
staff-request-book = Réserver un rendez-vous pour la personne
staff-request-book-button = Réserver ce créneau
staff-request-close = Marquer comme traitée

## Slots.

staff-site = Lieu
staff-show = Afficher
staff-load = Charge des semaines à venir
staff-week = Semaine du
staff-booked = Réservés
staff-capacity = Créneaux
staff-openings = Horaires d'ouverture
staff-days = Jours
staff-hours = Heures
staff-appointment = Type de rendez-vous
staff-seats = Places
staff-remove = Retirer
staff-removed = Retiré
staff-restore = Rétablir
staff-opening-add = Ajouter un horaire
staff-add = Ajouter
staff-from = Du
staff-to = Au
staff-to-included = Jusqu'au (inclus)
staff-date = Date
staff-time = Heure
staff-extras = Créneaux ponctuels
staff-extra-add = Ouvrir un créneau ponctuel
staff-closures = Fermetures
staff-closure-add = Ajouter une fermeture
staff-saved = Enregistré.
staff-invalid = Ces valeurs ne conviennent pas : vérifiez les jours, les heures et le type de rendez-vous.
staff-day-mon = lundi
staff-day-tue = mardi
staff-day-wed = mercredi
staff-day-thu = jeudi
staff-day-fri = vendredi
staff-day-sat = samedi

## Audit and accounts.

staff-audit-when = Quand
staff-audit-actor = Qui
staff-audit-action = Action
staff-audit-booking = Rendez-vous
staff-audit-person = Personne
staff-audit-detail = Détail
staff-setup-link = Compte créé. Transmettez ce lien à la personne : il ne sera plus affiché et fonctionne 7 jours.
staff-account-on = actif
staff-account-off = désactivé
staff-account-waiting = en attente du premier mot de passe
staff-account-disable = Désactiver
staff-account-enable = Réactiver
staff-account-reset = Nouveau lien d'accès
staff-account-add = Créer un compte
staff-account-partner = Service (obligatoire pour un conseiller)
staff-account-invalid = Vérifiez l'adresse, le rôle et le service.
staff-account-exists = Un compte existe déjà avec cette adresse.
staff-no-public-url = Aucun lien d'accès ne peut être créé : l'adresse publique du service (TREMPLIN_PUBLIC_URL) n'est pas configurée. Demandez-la à l'équipe technique.

## Simulator.

staff-sim-nothing-stored = Essayez le dialogue comme une personne le verrait. Rien n'est enregistré et aucun rendez-vous n'est réservé.
staff-sim-surface = Affichage
staff-sim-start = Commencer
staff-sim-answer = Votre réponse
staff-sim-send = Envoyer

## What became of the messages sent to a person, as the SMS/WhatsApp provider reports it.
staff-message-kind-text = Message
staff-message-kind-reminder = Rappel de rendez-vous
staff-message-kind-calendar = Fichier agenda
staff-delivery-waiting = à envoyer
staff-delivery-none = pas envoyé
staff-delivery-accepted = confié à l'opérateur
staff-delivery-scheduled = confié à l'opérateur
staff-delivery-queued = confié à l'opérateur
staff-delivery-sending = en cours d'envoi
staff-delivery-sent = envoyé
staff-delivery-delivered = reçu
staff-delivery-read = lu
staff-delivery-undelivered = non distribué
staff-delivery-failed = échec
staff-delivery-canceled = annulé
staff-delivery-no-template = non envoyé : la personne n'a pas écrit depuis plus de 24 heures, et aucun modèle WhatsApp approuvé n'existe pour ce message dans sa langue
staff-delivery-not-sent = non envoyé : numéro injoignable
staff-delivery-code = code { $code }
staff-unreachable = Numéro injoignable depuis le { $when } : l'opérateur le dit inconnu ou injoignable (code { $code }). Plus rien ne lui est envoyé tant que la personne n'écrit pas. Vérifiez le numéro ou contactez la personne autrement.

## Safe actions: ask first, undo, call back.

staff-done-undo = C'est fait. La personne sera prévenue dans 10 minutes : d'ici là, vous pouvez défaire.
staff-undone = C'est défait : le rendez-vous est comme avant et la personne ne recevra pas de message.
staff-not-started = Le rendez-vous n'a pas encore commencé : vous pourrez noter si la personne est venue à partir de l'heure du rendez-vous.
staff-undo-expired = Trop tard pour défaire : la personne a été prévenue.
staff-note-required = Écrivez une note sur l'appel.
staff-ask-cancel = Annuler le rendez-vous { $reference } ?
staff-ask-cancel-yes = Oui, annuler le rendez-vous
staff-ask-no-show = Noter la personne absente au rendez-vous { $reference } ?
staff-ask-no-show-yes = Oui, la personne était absente
staff-ask-undo = La personne recevra un message dans 10 minutes. D'ici là, vous pourrez défaire.
staff-ask-no = Non, revenir au rendez-vous
staff-cancel-reason = Motif de l'annulation
staff-move-reason = Motif du déplacement
staff-close-reason = Ce qui a été fait pour la personne
staff-outcome-reason = Remarque (facultative)
staff-reason-private = Pour l'équipe : la personne ne le voit pas.
staff-undo-until = La personne sera prévenue à { $time }. Jusque-là, vous pouvez défaire.
staff-undo = Défaire
staff-outcome-later = Vous pourrez noter si la personne est venue à partir du { $when }.
staff-called-back = Noter le rappel
staff-called-back-at = Rappel noté :
staff-called-back-note = Note sur l'appel
staff-status-undone = Action défaite
staff-status-called-back = Personne rappelée
staff-day-sun = dimanche
staff-day-words = { $weekday } { $day } { $month }
staff-month-1 = janvier
staff-month-2 = février
staff-month-3 = mars
staff-month-4 = avril
staff-month-5 = mai
staff-month-6 = juin
staff-month-7 = juillet
staff-month-8 = août
staff-month-9 = septembre
staff-month-10 = octobre
staff-month-11 = novembre
staff-month-12 = décembre
staff-urgency-danger = En danger, 17 ou 112
staff-urgency-violence = Violences, 3919
staff-urgency-child-danger = Enfant en danger, 119
staff-urgency-suicide = Idées suicidaires, 3114
staff-urgency-no-housing-tonight = Sans abri ce soir, 115
staff-urgency-no-food = Sans de quoi manger, CCAS ou 115
staff-filter-not-called-back = Urgences pas encore rappelées
staff-called-back-short = rappelée ou rappelé
staff-view-today = Aujourd'hui
staff-view-tomorrow = Demain
staff-view-week = Cette semaine
staff-views = Vues
staff-filter-site = Lieu
staff-filter-reference-help = Numéro de réservation, numéro de téléphone sous n'importe quelle forme, ou nom noté par l'accueil.
staff-print-help = Pour imprimer la liste du jour, utilisez l'impression du navigateur : seules les informations utiles à l'accueil sont imprimées.
staff-to-record = Venue ou absence à noter
staff-audit-all = Toutes
staff-audit-page = Page { $page } (500 lignes par page, les plus récentes d'abord)
staff-audit-view-booking = Rendez-vous consulté
staff-audit-view-request = Demande consultée
staff-audit-view-contact = Contact affiché
staff-audit-booking-confirmed = Rendez-vous confirmé
staff-audit-booking-cancelled = Rendez-vous annulé
staff-audit-booking-seen = Venue notée
staff-audit-booking-no-show = Absence notée
staff-audit-booking-excused = Absence excusée notée
staff-audit-booking-moved = Rendez-vous déplacé
staff-audit-booking-undo-cancelled = Annulation défaite
staff-audit-booking-undo-no-show = Absence défaite
staff-audit-request-closed = Demande traitée
staff-audit-called-back = Rappel noté
staff-audit-search-phone = Recherche par téléphone
staff-audit-export-csv = Export CSV
staff-audit-export-person = Export des données d'une personne
staff-audit-login = Connexion
staff-audit-login-failed = Connexion refusée
staff-audit-logout = Déconnexion
staff-audit-account-created = Compte créé
staff-audit-account-reset = Nouveau lien d'accès
staff-audit-account-enabled = Compte réactivé
staff-audit-account-disabled = Compte désactivé
staff-audit-slots = Créneaux modifiés
staff-password-title = Changer votre mot de passe
staff-slot-fits = convient
staff-slot-fits-note = Les créneaux qui correspondent à ce que la personne a dit (format, moment de la journée, besoins comme un interprète ou un lieu accessible) sont en premier, marqués « convient ».
staff-slot-fitting = Qui conviennent à la personne
staff-slot-others = Autres créneaux

## Orientation reasons, about the person (the person reads them addressed to them).

staff-orientation-reason-under-26 = La personne a moins de 26 ans : la Mission Locale aide les jeunes.
staff-orientation-reason-rsa = La personne touche le RSA : le Département valide l'aide proposée.
staff-orientation-reason-rsa-claim = La personne a demandé le RSA : le Département valide l'aide proposée.
staff-orientation-reason-disability = La personne a une reconnaissance de handicap : Cap emploi connaît bien ces situations.
staff-orientation-reason-disability-claim = Son dossier MDPH est en cours.
staff-orientation-reason-no-recent-work = La personne n'a pas travaillé depuis plus de 2 ans.
staff-orientation-reason-not-qualified = La personne n'a pas de diplôme professionnel.
staff-orientation-reason-not-ready = La personne ne peut pas reprendre un travail pour le moment.
staff-orientation-reason-ready-with-help = La personne veut travailler, avec un peu d'aide.
staff-orientation-reason-strong-barriers =
    { $count ->
        [one] Une difficulté l'empêche de travailler.
       *[other] { $count } difficultés l'empêchent de travailler.
    }
staff-orientation-reason-medium-barriers =
    { $count ->
        [one] Une difficulté la gêne un peu.
       *[other] { $count } difficultés la gênent un peu.
    }
staff-orientation-reason-ready = La personne peut travailler dès maintenant, et rien ne l'en empêche vraiment.
staff-orientation-reason-urgent = La personne a signalé une situation urgente : son rendez-vous passe en priorité.
staff-orientation-reason-safety-first = La personne a signalé une urgence (pas d'abri ce soir, violences ou danger) : son premier rendez-vous est avec le service social du Département.
staff-urgent-unknown = La personne a signalé une situation urgente : l'accueil la rappelle en premier.
staff-appointment-premier-rdv = Premier rendez-vous
staff-need-interprete = Interprète
staff-need-interpreter-in = Interprète en { $language }
staff-need-accessibilite-pmr = Lieu accessible en fauteuil
staff-need-accessibilite-audition = Aide pour entendre (LSF, boucle)
staff-need-accessibilite-vue = Aide pour voir
staff-needs-told = La personne a demandé : { $needs }.
staff-language-name-fr = français
staff-language-name-en = anglais
staff-language-name-ar = arabe
staff-language-name-uk = ukrainien
staff-language-name-ru = russe
staff-language-name-es = espagnol
staff-language-name-pt = portugais
staff-language-name-tr = turc
staff-own-words = Ses propres mots
staff-own-words-in = Ses propres mots, en { $language }
staff-as-read = Lu par la personne, en { $language } :
staff-in-french = En français :
staff-name = Nom de la personne (si vous le connaissez)
staff-name-save = Enregistrer le nom
staff-name-help = Pour la retrouver par son nom dans la recherche. Le nom est chiffré ; la personne ne le voit pas. Laissez vide pour l'effacer.
staff-audit-search-name = Recherche par nom
staff-audit-note-name = Nom noté
staff-audit-forget-name = Nom effacé

## Calendar feeds: the page, and the texts of the calendar itself (read by staff).

staff-feeds = Agendas
staff-feeds-intro = Abonnez votre agenda (Outlook, Thunderbird, téléphone) aux rendez-vous. L'adresse est privée. L'agenda se met à jour à chaque changement.
staff-feeds-contents = Pour chaque rendez-vous : la référence, l'heure, le lieu, le format et le partenaire d'un rendez-vous commun. Le nom de la personne seulement si elle a accepté de partager son diagnostic avec les partenaires. Jamais son diagnostic ni ses réponses. Un rendez-vous annulé reste affiché comme annulé pendant 30 jours.
staff-feeds-help = Pour s'abonner : dans Outlook, « Ajouter un calendrier », « À partir d'Internet » ; dans Thunderbird, « Nouvel agenda », « Sur le réseau » ; sur un téléphone, « Ajouter un calendrier par abonnement ». Collez l'adresse.
staff-feeds-none = Aucun agenda pour le moment.
staff-feed-owner = Agenda de
staff-feed-created = Créé le
staff-feed-fetched = Dernière lecture
staff-feed-never-fetched = Jamais lu
staff-feed-new = Nouvel agenda
staff-feed-create = Créer l'adresse
staff-feed-renew = Renouveler l'adresse
staff-feed-revoke = Supprimer
staff-feed-link = Voici l'adresse privée de l'agenda. Copiez-la maintenant : elle ne sera plus affichée. Toute personne qui la connaît voit ces rendez-vous. Si elle a circulé, renouvelez-la.
staff-feed-exists = Cet agenda a déjà une adresse. Renouvelez-la pour en avoir une nouvelle.
staff-feed-revoked = L'adresse est supprimée. Les agendas abonnés ne la lisent plus.
staff-feed-name = tremplin : { $owner }
staff-feed-summary = RDV tremplin { $reference } — { $place }
staff-feed-summary-named = RDV tremplin { $reference } — { $person } — { $place }
staff-feed-reference = Référence : { $reference }
staff-feed-format = Format : { $format }
staff-feed-status = Statut : { $status }
staff-feed-joint = Rendez-vous commun : { $place } et { $with }
staff-feed-person = Personne : { $person }
staff-audit-feed-created = Agenda créé
staff-audit-feed-renewed = Adresse d'agenda renouvelée
staff-audit-feed-revoked = Agenda supprimé
staff-feeds-no-public-url = Aucune adresse d'agenda ne peut être créée : l'adresse publique du service (TREMPLIN_PUBLIC_URL) n'est pas configurée. Demandez-la à l'équipe technique.

## Local services proposed at the end of the diagnostic (data·inclusion)
staff-services = Services proposés près de chez la personne
staff-services-help = Ce que le message de fin du diagnostic lui a proposé pour ses freins les plus forts, retrouvé à partir de ses réponses.
staff-services-barrier-mobility = Mobilité
staff-services-barrier-childcare = Garde d'enfants, famille
staff-services-barrier-housing = Logement
staff-services-barrier-language = Langue
staff-services-barrier-digital = Numérique
staff-services-barrier-money = Argent
staff-services-barrier-admin = Démarches administratives
staff-services-strong = frein fort
staff-services-medium = frein moyen
staff-services-remote = À distance
staff-services-link = Fiche du service
