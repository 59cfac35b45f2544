### Messages shared by every dialogue: answers, commands, the engine's own messages, menus.

## Language names, each written in its own language.

language-name-fr = Français
    .synonyms = frances, francais, french, fransais
language-name-en = English
    .synonyms = ingles, english, anglais
language-name-ar = العربية
    .synonyms = arabe, arabic, arabi, عربي
language-name-uk = Українська
    .synonyms = ucraniano, ukrainian, ukrainien, ukrainska, украинский
language-name-ru = Русский
    .synonyms = ruso, russian, russe, russkiy, русский язык
language-name-es = Español
    .synonyms = espanol, castellano, spanish, espagnol
language-name-pt = Português
    .synonyms = portugues, portuguese, portugais
language-name-tr = Türkçe
    .synonyms = turco, turkish, turkce, turc
# Before the language menu, in the language the phone number suggests.
language-proposal = ¿{ $language }? Responda { $number }.

## Yes, no, rather not say. Synonyms are the words people type instead.

answer-yes = Sí
    .synonyms = si, s, vale, ok, de acuerdo, claro, por supuesto, si si, oui, yes
answer-no = No
    .synonyms = n, no gracias, para nada, de ninguna manera, non
answer-rather-not = Prefiero no responder
    .synonyms = no responder, no contestar, sin respuesta, prefiero no contestar, prefiero no decirlo

## Global commands: the first word is the one shown in the help.

command-start = empezar
    .synonyms = reiniciar, volver a empezar, empezar de nuevo, empezar desde el principio
command-help = ayuda
    .synonyms = ?, socorro, sos, no entiendo, no comprendo, help
command-back = volver
    .synonyms = atras, anterior, pregunta anterior, regresar, back
command-skip = saltar
    .synonyms = siguiente, pregunta siguiente, pasar, omitir, skip
command-language = idioma
    .synonyms = idiomas, cambiar de idioma, cambiar idioma, language
command-human = persona
    .synonyms = humano, asesor, asesora, una persona, hablar con alguien, hablar con una persona, human
command-stop = pausa
    .synonyms = stop, parar, detener, hacer una pausa
command-erase = borrar
    .synonyms = borrar mis datos, eliminar, eliminar mis datos, suprimir
command-change = cambiar
    .synonyms = corregir, modificar, cambiar una respuesta, corregir una respuesta

## The engine's messages.

engine-welcome-back = ¡Hola de nuevo! Seguimos donde lo dejamos.
engine-dialogue-updated = El cuestionario ha cambiado un poco. Volvemos a la pregunta correcta.
engine-resume-offer = ¡Hola de nuevo! ¿Quiere seguir donde lo dejó?
engine-restart = De acuerdo, empezamos otra vez desde el principio.
engine-already-ended = Su cuestionario ha terminado. Escriba «empezar» para hacerlo otra vez, o «persona» para hablar con una persona.
engine-help =
    { $stuck ->
        [yes] No se preocupe, le ayudo.
       *[no] Esto es lo que puede escribir:
    }
    • el número o la palabra de su respuesta
    • «volver» para ir a la pregunta anterior
    • «saltar» para saltar una pregunta que no es obligatoria
    • «cambiar» para corregir una respuesta
    • «idioma» para cambiar de idioma
    • «persona» para hablar con una persona
    • «pausa» para hacer una pausa
    • «mis datos» para ver lo que guardo y cambiarlo
    • «borrar» para borrar sus datos
    .sms =
        { $stuck ->
            [yes] No se preocupe, le ayudo. Puede escribir:
           *[no] Puede escribir:
        } el número de su respuesta, «volver», «saltar», «cambiar», «idioma», «persona», «pausa», «mis datos» o «borrar».
engine-human =
    { $stored ->
        [yes] Anotado: una persona del servicio de acogida le contactará.
       *[no] Para hablar con una persona, llame a { -france-travail } al 3949 o vaya a una oficina { -france-services-explained }.
    } También puede seguir aquí.
engine-paused = Anotado, hacemos una pausa. Escríbame cuando quiera: seguiremos aquí.
engine-erase-confirm = ¿Seguro que quiere borrar todas sus respuestas? No se podrán recuperar.
engine-erased = Hecho: todo lo que me dijo está borrado. Puede empezar otra vez cuando quiera.
engine-erase-cancelled = De acuerdo, no borro nada.
engine-back = De acuerdo, volvemos a la pregunta anterior.
engine-back-nothing = Estamos al principio: no hay ninguna pregunta antes.
engine-skip-refused = No se puede saltar esta pregunta: necesito la respuesta para seguir.
engine-language-prompt = ¿Qué idioma prefiere?
engine-language-known = ¡Hola! Soy el asistente del servicio público de inserción y empleo. Le escribo en español. Para cambiar de idioma, escriba «{ command-language }».
engine-progress = Parte { $part } de { $total }: { $name }
engine-stuck = Lo siento, tengo un problema con este cuestionario. Una persona del servicio de acogida va a continuar.
engine-stale-choice = Esta pregunta ya está cerrada. Por favor, responda a la última pregunta.
engine-summary =
    Esto es lo que me ha dicho:
    { $lines }
engine-summary-line = • { $label }: { $value }
engine-change-prompt = ¿Qué respuesta quiere corregir?
engine-change-nothing = Todavía no ha respondido nada.
engine-change-hint = ¿Un error? Escriba «cambiar» para corregir una respuesta.
engine-summary-brief =
    { $count ->
        [one] He anotado su respuesta. Para leerla, escriba «{ command-summary }».
       *[other] He anotado sus { $count } respuestas. Para leerlas, escriba «{ command-summary }».
    }

## How answers read back.

value-skipped = (pregunta saltada)
value-withheld = (pregunta no hecha)

## Menus.

menu-reply =
    { $count ->
        [1] Responda 1.
        [2] Responda 1 o 2.
        [3] Responda 1, 2 o 3.
        [4] Responda 1, 2, 3 o 4.
       *[other] Responda con un número, del 1 al { $count }.
    }
menu-reply-multi = Responda con uno o varios números, por ejemplo: 1, 3.
menu-reply-multi-buttons = Toque una respuesta, o escriba varias separadas por comas.

## Lists and dates.

list-separator = {", "}
# Between items when one of them holds the plain separator itself.
list-separator-strong = {"; "}
list-item = • { $item }
list-and = { $first } y { $last }
list-or = { $first } o { $last }
date-long = { $day } de { $month } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre

## Why an answer was not understood. The step's own hint follows.

miss-empty = No he recibido nada.
miss-not-an-option = No he entendido su respuesta.
miss-ambiguous = ¿Quiere decir { $options }?
miss-unknown-part = No he entendido «{ $part }».
miss-too-few =
    { $min ->
        [one] Elija al menos una respuesta.
       *[other] Elija al menos { $min } respuestas.
    }
miss-too-many =
    { $max ->
        [one] Elija una sola respuesta.
       *[other] Elija { $max } respuestas como máximo.
    }
miss-exclusive = «{ $option }» no puede ir con otras respuestas.
miss-not-a-number = Escriba un número con cifras, por favor.
miss-birth-month = Para orientarle bien, necesito también su mes de nacimiento. Escriba el mes y el año, por ejemplo 03/2000, o su fecha de nacimiento.
miss-too-low = Este número es demasiado pequeño: { $min } como mínimo.
miss-too-high = Este número es demasiado grande: { $max } como máximo.
miss-not-a-date = No he reconocido la fecha.
miss-date-future = Esta fecha está en el futuro.
miss-date-past = Esta fecha ya ha pasado.
miss-not-a-place = No he reconocido este código postal o este municipio.
miss-not-a-phone = No he reconocido este número de teléfono.
miss-too-long = Su mensaje es demasiado largo: { $max } caracteres como máximo.
miss-no-match = No es el formato correcto.

## Urgent situations: said at once, in the person's language.

urgent-danger = Si está en peligro, llame ahora mismo al 17 (policía) o al 112. Si sufre violencia: 3919, gratis y anónimo. El servicio de acogida verá su solicitud con prioridad.
urgent-violence = Hay personas que pueden ayudarle. Llame al 3919: es gratis y anónimo, de día y de noche. En peligro ahora mismo: 17 o 112, o un SMS al 114. El servicio de acogida verá su solicitud con prioridad.
urgent-child-danger = Si un niño está en peligro, llame al 119: gratis, de día y de noche. En peligro ahora mismo: 17 o 112. El servicio de acogida verá su solicitud con prioridad.
urgent-suicide = Puede hablar de ello ahora: llame al 3114, gratis, de día y de noche. En peligro ahora mismo: 15 o 112. El servicio de acogida verá su solicitud con prioridad.
urgent-no-housing-tonight = Para dormir a cubierto esta noche, llame al 115: es gratis, de día y de noche. El servicio de acogida verá su solicitud con prioridad.
urgent-no-food = Para comer hoy mismo, vaya al { -ccas-explained }, o llame al 115. El servicio de acogida verá su solicitud con prioridad.

## The orientation proposed at the end.

orientation-understood =
    Esto es lo que he entendido:
    { $needs }
orientation-understood-none = No me ha indicado ninguna dificultad especial.
orientation-proposal = Le propongo un acompañamiento con { $lead }: { $parcours }.
orientation-because =
    Por qué:
    { $reasons }
orientation-with = En su primera cita también estará { $body }.
    .sms = También con: { $body }.
orientation-also =
    Otros servicios pueden ayudarle:
    { $partners }
orientation-next = Es una propuesta: el servicio que le ayude la confirmará con usted.
parcours-emploi = el itinerario «Empleo», para encontrar trabajo rápido
parcours-global = el itinerario «Global», para el trabajo y sus dificultades a la vez
parcours-social = el itinerario «Social», para resolver primero sus dificultades
body-france-travail = France Travail
body-mission-locale = la { -mission-locale }
body-cap-emploi = Cap emploi
body-conseil-departemental = el servicio social del Département
orientation-reason-under-26 = Tiene menos de 26 años: la { -mission-locale } ayuda a los jóvenes.
orientation-reason-rsa = Recibe el { -rsa }: el Département valida su acompañamiento.
orientation-reason-rsa-claim = Ha pedido el { -rsa }: el Département valida su acompañamiento.
orientation-reason-disability = Tiene un reconocimiento de discapacidad: { -cap-emploi-explained } conoce bien estas situaciones.
orientation-reason-disability-claim = Su expediente en la { -mdph } está en trámite.
orientation-reason-no-recent-work = No ha trabajado desde hace más de 2 años.
orientation-reason-not-qualified = No tiene un título profesional.
orientation-reason-not-ready = Por ahora no puede empezar a trabajar.
orientation-reason-ready-with-help = Quiere trabajar, con un poco de ayuda.
orientation-reason-strong-barriers =
    { $count ->
        [one] Una dificultad le impide trabajar.
       *[other] { $count } dificultades le impiden trabajar.
    }
orientation-reason-medium-barriers =
    { $count ->
        [one] Una dificultad le frena un poco.
       *[other] { $count } dificultades le frenan un poco.
    }
orientation-reason-ready = Puede trabajar ya, y nada se lo impide de verdad.
orientation-reason-urgent = Me ha indicado una situación urgente: el servicio de acogida verá su cita con prioridad.
orientation-reason-safety-first = Me ha indicado una urgencia (sin alojamiento esta noche, violencia o peligro): su primera cita es con el servicio social del Département, para ayudarle rápido.
partner-ccas = el { -ccas-explained }
partner-caf = la { -caf-explained }
partner-siao = el 115, para un alojamiento
partner-france-services = una oficina { -france-services-explained }
partner-cpam = la { -assurance-maladie-explained }
partner-mdph = la { -mdph-explained }
partner-cap-emploi = { -cap-emploi-explained }
partner-conseiller-numerique = un asesor digital
partner-ateliers-francais = clases de francés cerca de su casa
partner-plateforme-mobilite = una plataforma de movilidad, para el carné de conducir y el transporte
partner-point-justice = un point-justice, para consejos legales gratuitos

## My data: what is kept, the consents, withdrawing them.

command-mydata = mis datos
    .synonyms = mi informacion, ver mis datos
command-unshare = dejar de compartir
    .synonyms = no compartir, dejar de compartir mis respuestas
command-summary = resumen
    .synonyms = mis respuestas, recapitulación
engine-mydata-nothing = No guardo nada sobre usted: no aceptó que guarde sus respuestas.
engine-mydata-no-answers = Guardo su idioma y sus elecciones, pero todavía ninguna respuesta.
engine-mydata =
    Esto es lo que guardo sobre usted:
    { $lines }
engine-mydata-invitation = Ha recibido una invitación: su Departamento nos dio su número y lo que su lista dice de usted (nombre, fecha de nacimiento, código postal, RSA, identificador de France Travail). Estos datos están protegidos como sus respuestas y se borran con ellas si lo pide.
engine-mydata-consents =
    Usted aceptó:
    { $lines }
engine-mydata-consent-store = que guarde sus respuestas
engine-mydata-consent-sensitive = que guarde sus respuestas sobre la salud
engine-mydata-consent-share = que las muestre a los organismos que le ayudan
engine-mydata-consent-reminders = recibir recordatorios
engine-mydata-prompt = ¿Qué quiere hacer?
engine-mydata-opt-unshare = Dejar de mostrarlas a los organismos
engine-mydata-opt-unsensitive = Borrar mis respuestas sobre la salud
engine-mydata-opt-noreminders = No recibir más recordatorios
engine-mydata-opt-erase = Borrar todo
engine-mydata-opt-continue = Continuar
engine-unshared = Hecho: los organismos ya no verán sus respuestas.
engine-not-shared = Sus respuestas no se muestran a nadie.
engine-sensitive-withdrawn = Hecho: sus respuestas sobre la salud están borradas.
engine-reminders-withdrawn = Hecho: ya no recibirá recordatorios.
engine-erase-receipt = Referencia del borrado: { $reference }. Guárdela si quiere demostrarlo.

## Glossary: French institutions and papers keep their French name (what people read on letters
## and doors); the -explained form says once, in plain words, what they are.

-caf = CAF
-caf-explained = CAF (caja de prestaciones familiares)
-msa = MSA
-msa-explained = MSA (seguridad social agrícola)
-france-travail = France Travail
-france-travail-explained = France Travail (servicio público de empleo)
-rsa = RSA
-rsa-explained = RSA (ayuda para personas con pocos ingresos)
-cap-emploi = Cap emploi
-cap-emploi-explained = Cap emploi (servicio de empleo para personas con discapacidad)
-mission-locale = Mission Locale
-mission-locale-explained = Mission Locale (apoyo a jóvenes de 16 a 25 años)
-brevet = brevet
-brevet-explained = brevet (examen a los 15 años)
-mutuelle = mutuelle
-mutuelle-explained = mutuelle (seguro médico complementario)
-css = Complémentaire santé solidaire
-css-explained = Complémentaire santé solidaire (seguro médico complementario gratuito, antes CMU)
-mdph = MDPH
-mdph-explained = MDPH (oficina para personas con discapacidad)
-rqth = RQTH
-rqth-explained = RQTH (trabajador con discapacidad)
-aah = AAH
-aah-explained = AAH (ayuda por discapacidad)
-ccas = CCAS
-ccas-explained = CCAS (servicio social del ayuntamiento)
-france-services = France Services
-france-services-explained = France Services (ayuda con los trámites)
-carte-vitale = carte Vitale
-carte-vitale-explained = carte Vitale (tarjeta sanitaria)
-assurance-maladie = Assurance Maladie
-assurance-maladie-explained = Assurance Maladie (seguro público de salud)
