language-name = Dansk
skip-to-content = Gå til indhold
nav-main = Hovedmenu
nav-language = Sprog
nav-login = Log ind
nav-logout = Log ud
nav-overview = Overblik
nav-organisation = Organisation
footer-promise = Trivsel er anonym: ingen kan se, hvad den enkelte har svaret, eller hvem der har indberettet hvad.
loading = Indlæser…
home-title = Velkommen
home-heading = Trivsel — trivsel og psykologisk tryghed på arbejdet
home-lead = Korte, hyppige målinger, som ingen kan føre tilbage til dig, anonym indberetning af chikane og diskrimination, og opfølgningen, der gør svarene til noget.
home-promise-heading = Vores løfte
home-promise-1 = Ingen — hverken din leder eller en administrator — kan se, hvad du har svaret.
home-promise-2 = Resultater vises kun, når nok har svaret, aldrig for en lille gruppe.
home-promise-3 = Indberetninger er anonyme: intet navn, ingen adresse og ingen oplysninger om din enhed gemmes.
home-staff-login = Log ind som leder, udvalgsmedlem, sagsbehandler eller administrator
login-title = Log ind
login-intro = For ledere, udvalgsmedlemmer, sagsbehandlere og administratorer.
login-email = E-mailadresse
login-password = Adgangskode
login-submit = Log ind
login-employees-note = Medarbejdere skal aldrig have en konto for at besvare en måling eller lave en indberetning.
overview-title = Overblik
overview-greeting = Velkommen, { $name }
overview-roles = Dine roller
overview-scope-all = hele organisationen
role-admin = Administrator
role-leader = Leder
role-committee = Udvalgsmedlem
role-handler = Sagsbehandler for indberetninger
sign-in-first-title = Log venligst ind
sign-in-first-body = Denne side er for medarbejdere, der er logget ind.
org-title = Organisation
org-threshold-note = Resultater vises for grupper på mindst { $k } personer. Enheder med færre personer lægges sammen med enheden over, når svar gemmes.
org-col-unit = Enhed
org-col-code = Kode
org-col-direct = Personer i enheden
org-col-total = Inklusive underenheder
org-col-status = Bemærkning
org-status-below = Under grænsen — lægges sammen opad
org-status-closed = Lukket
not-found-title = Siden findes ikke
not-found-body = Den side, du bad om, findes ikke eller er flyttet.
not-found-home = Gå til forsiden
error-title = Noget gik galt
error-bad-request = Forespørgslen kunne ikke forstås. Kontrollér det, du har skrevet, og prøv igen.
error-malformed-form = Formularen var ufuldstændig eller forkert. Udfyld den venligst igen.
error-network = Serveren kunne ikke nås. Kontrollér din forbindelse, og prøv igen.
error-invalid-credentials = E-mailadressen eller adgangskoden er forkert.
error-unauthenticated = Log venligst ind for at fortsætte.
error-forbidden = Du har ikke adgang til dette.
error-not-found = Findes ikke.
error-too-large = Det, du sendte, er for stort.
error-too-many-requests = For mange forsøg. Vent et minut, og prøv igen.
error-internal = Der gik noget galt hos os. Hvis det sker igen, så giv denne reference til din administrator: { $id }.
error-method = Denne adresse tager ikke imod den slags forespørgsler.
nav-import = Import
nav-settings = Indstillinger
yes = Ja
no = Nej
unit-breadcrumbs = Enhedens placering
unit-kind = Niveau
unit-kind-organisation = Organisation
unit-kind-enterprise = Virksomhed
unit-kind-department = Afdeling
unit-kind-team = Team
unit-leaders = Ledere
unit-no-leaders = ingen udnævnt
unit-below-threshold = Færre end { $k } personer: svar fra denne enhed indgår i enheden ovenover.
unit-closed-note = Denne enhed er lukket. Enhedens historik bevares, men der kan ikke tilknyttes nye medarbejdere.
unit-children = Underenheder
unit-people = Medarbejdere i enheden
unit-no-people = Ingen er tilknyttet direkte til denne enhed.
unit-people-caption = Medarbejdere tilknyttet direkte til denne enhed
person-name = Navn
person-employee-no = Medarbejdernummer
person-email = Har e-mail
unit-move-person = Flyt en medarbejder
unit-move-to = Til enhed
unit-move-person-submit = Flyt medarbejder
unit-change = Ændr enheden
unit-new-name = Navn
unit-rename-submit = Omdøb
unit-move-under = Flyt enheden (med dens underenheder) ind under
unit-move-submit = Flyt enhed
unit-new-code = Kode for en ny underenhed
unit-new-child-name = Navn på den nye underenhed
unit-add-submit = Tilføj underenhed
unit-close-note = En enhed kan lukkes, når der ikke længere er medarbejdere eller åbne underenheder i den. Enhedens tidligere resultater forbliver tilgængelige.
unit-close-submit = Luk enhed
unit-reopen-submit = Genåbn enhed
error-unit-cycle = En enhed kan ikke flyttes ind under sig selv eller en af sine underenheder.
error-unit-code-taken = En anden enhed har allerede denne kode.
error-unit-invalid = Angiv et navn (og en kode) på højst 200 tegn.
error-unit-closed = Enheden er lukket.
error-unit-not-empty = Der er stadig medarbejdere eller åbne underenheder i enheden. Flyt dem først.
error-threshold-range = Alle mindste gruppestørrelser skal være et helt tal fra 3 til 1000.
error-threshold-order = Den mindste gruppestørrelse for kommentarer og følsomme spørgsmål kan ikke være lavere end den for scorer.
error-import-not-pending = Denne import er allerede blevet gennemført eller kasseret.
error-import-unresolved = Nogle rækker indeholder fejl. Ret filen og upload den igen, eller vælg at springe de rækker over.
settings-title = Indstillinger
settings-intro = De mindste gruppestørrelser, der beskytter anonymiteten. Der vises aldrig tal for færre personer end dette.
settings-k-score = Mindste gruppestørrelse for scorer
settings-k-score-help = Mindst 3. Standard er 5.
settings-k-comment = Mindste gruppestørrelse for fritekstkommentarer
settings-k-comment-help = Mindst den samme som for scorer. Standard er 10.
settings-k-sensitive = Mindste gruppestørrelse for følsomme spørgsmål
settings-k-sensitive-help = Chikane, mobning, vold og diskrimination. Mindst den samme som for scorer. Standard er 10.
settings-save = Gem
settings-saved = Gemt.
import-title = Import fra HR-systemet
import-intro = Upload medarbejderfilen (og enhedsfilen, hvis organisationsstrukturen skal ændres), som er eksporteret fra HR- eller lønsystemet. Du kan se ændringerne, før noget bliver gemt.
import-format-heading = Filformat
import-format-units = Enhedsfil (valgfri): én linje pr. enhed; den øverste enhed har ingen parent_code.
import-format-people = Medarbejderfil: én linje pr. medarbejder. E-mail, sprog (da, sv, en) og leader_of (enhedskoder adskilt af ;) må være tomme.
import-format-note = CSV i UTF-8, adskilt af kommaer eller semikoloner. Filerne er komplette lister: medarbejdere, der mangler i filen, behandles som fratrådte, og enheder, der mangler i enhedsfilen, bliver lukket.
import-units-file = Enhedsfil (CSV, valgfri)
import-people-file = Medarbejderfil (CSV)
import-upload-submit = Upload og se forhåndsvisning
import-upload-missing = Vælg en medarbejderfil.
import-preview-title = Forhåndsvisning af import
import-status-preview = Ikke gennemført endnu: intet er gemt.
import-status-applying = Gennemfører…
import-status-applied = Gennemført.
import-status-failed = Importen kunne ikke gennemføres. Intet blev gemt.
import-status-discarded = Kasseret. Intet blev gemt.
import-rows = { $people } medarbejderrækker og { $units } enhedsrækker indlæst.
import-progress = Fremdrift
import-refresh = Opdater fremdrift
import-changes = Ændringer
import-no-changes = Ingen ændringer: organisationen svarer allerede til filerne.
import-change-kind = Ændring
import-change-count = Antal
import-change-examples = Eksempler
import-and-more = … og { $n } flere
import-units-new = Nye enheder
import-units-renamed = Omdøbte enheder
import-units-moved = Flyttede enheder
import-units-closed = Lukkede enheder
import-units-reopened = Genåbnede enheder
import-people-new = Nye medarbejdere
import-people-moved = Medarbejdere, der skifter enhed
import-people-updated = Medarbejdere med ændret navn, e-mail eller sprog
import-people-left = Medarbejdere, der er fratrådt
import-people-returning = Medarbejdere, der er vendt tilbage
import-leaders-added = Nye lederudnævnelser
import-leaders-removed = Ophørte lederudnævnelser
import-blocking = Filerne kan ikke indlæses. Ret fejlene ovenfor, og upload dem igen.
import-skip-rows = Spring de { $n } rækker med fejl over (de medarbejdere forbliver uændrede)
import-apply-submit = Gennemfør ændringerne
import-discard-submit = Kassér
import-back = Tilbage til organisationen
import-issues = Fejl
import-issues-count = { $n } fejl fundet
import-issue-file = Fil
import-issue-line = Linje
import-issue-problem = Fejl
import-file-units = enheder
import-file-people = medarbejdere
import-error-too-large = Filen er for stor.
import-error-empty = Filen er tom.
import-error-encoding = Filen er ikke UTF-8-tekst. I Excel skal du gemme den som "CSV UTF-8".
import-error-header = Den første linje (kolonnenavnene) kunne ikke læses.
import-error-missing-column = Kolonnen "{ $detail }" mangler.
import-error-missing-value = "{ $detail }" er tom.
import-error-field-count = Linjen har et forkert antal felter ({ $detail }).
import-error-unreadable-row = Linjen kunne ikke læses.
import-error-kind = Ukendt niveau "{ $detail }" (brug organisation, enterprise, department eller team).
import-error-too-long = En værdi er for lang ({ $detail }).
import-error-email = "{ $detail }" er ikke en gyldig e-mailadresse.
import-error-language = Ukendt sprog "{ $detail }" (brug da, sv eller en).
import-error-duplicate-employee = Medarbejdernummer { $detail } forekommer to gange (første gang på linjen i parentes).
import-error-unknown-unit = Ukendt enhedskode "{ $detail }".
import-error-closed-unit = Enheden "{ $detail }" er lukket.
import-error-leader-email = { $detail } skal være leder af en enhed, men har ingen e-mailadresse at logge ind med.
import-error-duplicate-unit = Enhedskoden { $detail } forekommer to gange (første gang på linjen i parentes).
import-error-unknown-parent = Ukendt overordnet enhed "{ $detail }".
import-error-roots = Strukturen skal have præcis én øverste enhed (fandt { $detail }).
import-error-cycle = Disse enheder er angivet som hinandens overordnede enheder: { $detail }.
nav-roles = Roller
roles-title = Roller
roles-intro = Hvem der administrerer Trivsel, leder hvilke enheder, sidder i hvilket udvalg (med dets område) og behandler indberetninger. En person kan have flere roller.
roles-caption = Nuværende roller
roles-col-role = Rolle
roles-col-scope = Område
roles-col-actions = Handlinger
roles-revoke = Afslut rolle
roles-revoke-label = Afslut rolle for { $name }
roles-no-password = har ikke logget ind endnu
roles-appoint = Udpeg en person
roles-name-if-new = Navn (kun for en person uden konto)
roles-unit = Enhed (ledere og udvalg)
roles-unit-none = — ingen —
roles-unit-help = En leder leder denne enhed og alt under den; et udvalgs område er denne enhed og alt under den.
roles-label = Udvalgets navn (fx HMU, LMU, arbejdsmiljøgruppe)
roles-appoint-submit = Udpeg
roles-new-account = Der er oprettet en ny konto til { $email }. Den midlertidige adgangskode:
roles-new-account-once = Giv den personligt videre. Den vises kun denne ene gang.
error-role-email = Angiv en gyldig e-mailadresse.
error-role-name = Angiv navnet på den nye person.
error-role-unit = Ledere og udvalgsmedlemmer skal have en enhed.
error-role-duplicate = Personen har allerede denne rolle.
error-role-last-admin = Den sidste administrator kan ikke fjernes.
tokens-title = API-nøgler
tokens-intro = En nøgle lader et andet system bruge REST-API'et (/api/v1, beskrevet på /api/v1/openapi.json): et HR-system, der importerer organisationen hver nat, eller et BI-værktøj, der læser resultater. Den, der har en importnøgle, kan udskifte organisationens medarbejdere og enheder; en resultatnøgle læser kun de tal, grænserne tillader.
tokens-caption = Nøgler i brug
tokens-label = Systemets navn
tokens-created = Oprettet
tokens-last-used = Senest brugt
tokens-never = aldrig
tokens-revoke = Tilbagekald
tokens-revoke-label = Tilbagekald nøglen til { $label }
tokens-create = Opret nøgle
tokens-purpose = Hvad nøglen må
tokens-purpose-import = Importere personer og enheder (HR-system)
tokens-purpose-results = Læse resultater (BI-værktøjer; samme grænser som resultatsiderne)
error-token-purpose = Vælg, hvad nøglen må.
tokens-new = Den nye nøgle:
tokens-new-once = Kopiér den ind i HR-systemet nu. Den vises kun denne ene gang; Trivsel gemmer kun et fingeraftryk af den.
error-token-label = Angiv navnet på det system, nøglen er til (højst 100 tegn).

## Besvarelse (respondenter)
answer-code-title = Besvar en måling
answer-code-intro = Skriv koden fra dit kort. Du kan også scanne kortets QR-kode med kameraet på din telefon.
answer-code-label = Din kode
answer-code-help = 12 bogstaver og tal, fx K7QF-M2XD-9HPA. Det er lige meget, om du bruger store eller små bogstaver, mellemrum eller bindestreger.
answer-code-go = Fortsæt
answer-code-invalid = Det er ikke en gyldig kode. Sammenlign med dit kort: 12 bogstaver og tal.
answer-statement-title = Før du går i gang
answer-statement-stored = Vi gemmer dine svar og den målerunde, de hører til. De gemmes under din enhed eller — hvis den er lille — under en større enhed over den.
answer-statement-not-stored = Vi gemmer ikke dit navn, din kode eller dit link, din e-mail, oplysninger om din telefon eller computer, din IP-adresse eller tidspunktet, hvor du svarede. Ingen kan finde ud af, hvad du har svaret, heller ikke administratorerne.
answer-statement-groups = Ledere og udvalg ser kun resultater for grupper, hvor mindst { $k } har svaret.
answer-statement-sensitive = Spørgsmål om krænkende adfærd vises kun for grupper, hvor mindst { $k } har svaret.
answer-statement-comments = Kommentarer vises kun for grupper, hvor mindst { $k } har svaret. De bliver læst af personer, der måske kan genkende din måde at skrive på, så undlad navne og detaljer, der peger på dig.
answer-statement-skip = Alle spørgsmål er frivillige, og du kan gå tilbage og ændre et svar, indtil du sender.
answer-closes = Målingen lukker den { $date }.
answer-start = Start
answer-step = Trin { $n } af { $total }
answer-back = Tilbage
answer-next = Næste
answer-submit = Send mine svar
answer-dont-know = Ved ikke / vil ikke svare
answer-comment-label = Kommentar (valgfri)
answer-comment-help = Vises kun, når mindst { $k } har svaret. Andre kan måske genkende din måde at skrive på: undgå navne og detaljer, der peger på dig.
answer-thanks-title = Tak — vi har modtaget dine svar
answer-thanks-body = Dine svar er gemt og tæller med i resultaterne, så snart nok kolleger har svaret.
answer-thanks-nothing-kept = Vi har ikke gemt noget andet om dig. Du kan lukke denne side.
answer-refused-title = Denne kode eller dette link kan ikke bruges
answer-refused-body = Koden eller linket er måske allerede brugt, målingen kan være lukket, eller der kan være en tastefejl. Hver kode kan kun bruges én gang.
answer-refused-other-code = Skriv en kode
answer-problem-title = Dine svar blev ikke sendt
answer-problem-back = Brug browserens tilbageknap for at komme tilbage til dine svar; din kode er ikke blevet brugt.
answer-empty = Du har ikke besvaret nogen spørgsmål.
answer-invalid = Svarene kunne ikke læses. Genindlæs spørgeskemaet, og prøv igen.
answer-comment-too-long = Kommentaren er for lang (højst 2000 tegn).
answer-unavailable = Dine svar kunne ikke gemmes lige nu. Prøv igen om lidt.

## Målinger (administratorer)
nav-surveys = Målinger
surveys-title = Målinger
surveys-intro = En måling stiller en række spørgsmål til de enheder, du vælger, én gang eller med nogle ugers mellemrum. Hver runde åbner og lukker automatisk.
surveys-new = Ny måling
surveys-none = Ingen målinger endnu.
surveys-every = Hver { $weeks ->
    [one] uge
   *[other] { $weeks }. uge
}
surveys-once = Én runde
surveys-rotation = { $n } af { $total } spørgsmål pr. runde, på skift
surveys-open-days = åben i { $days ->
    [one] én dag
   *[other] { $days } dage
}
surveys-units = Enheder
surveys-next = Næste runde åbner den { $date }.
surveys-stopped = Stoppet: der åbner ikke flere runder.
surveys-stop = Stop tidsplanen
surveys-back = Alle målinger
rounds-caption = Runder
rounds-name = Runde
rounds-opened = Åbnet
rounds-closes = Lukker
rounds-closed = Lukket
rounds-answered = Besvaret
survey-new-title = Ny måling
survey-new-intro = Vælg, hvem der skal spørges, hvilke spørgsmål der stilles, og hvor ofte. En kort pulsmåling med omkring otte spørgsmål tager under et minut.
survey-name = Navn
survey-units = Enheder, der spørges
survey-units-help = Alle i en valgt enhed og i enhederne under den bliver inviteret.
survey-items = Spørgsmål
survey-items-help = Fra Trivsels spørgsmålsbank. Det første spørgsmål i hvert tema er valgt på forhånd til en kort pulsmåling.
survey-sensitive = følsomt: vises kun over den højere grænse
survey-schedule = Tidsplan
survey-start = Første runde åbner
survey-start-help = Lad feltet stå tomt for at åbne første runde nu.
survey-every = Gentag hver (antal uger)
survey-every-help = Lad feltet stå tomt for kun én runde.
survey-open-days = Hver runde er åben i (antal dage)
survey-per-round = Spørgsmål pr. runde
survey-per-round-help = Lad feltet stå tomt for at stille alle spørgsmål i hver runde; med et mindre tal skiftes der mellem spørgsmålene fra runde til runde.
survey-create = Opret måling
round-progress = { $answered } af { $invited } inviterede har svaret.
round-items = { $n ->
    [one] ét spørgsmål
   *[other] { $n } spørgsmål
}
round-closes = lukker den { $date }
round-close-title = Luk runden nu
round-close-intro = Derefter modtages der ikke flere svar. Svar, der allerede er modtaget, gemmes under enheder, der mindst har den mindste gruppestørrelse.
round-close = Luk runde
overview-my-rounds = Dine åbne målinger

## Kodekort
cards-title = Kodekort
cards-intro = Til medarbejdere uden e-mail: udskriv ét kort pr. person, og del dem ud tilfældigt. Hver kode kan kun bruges én gang. Koderne vises kun på det ark, du udskriver nu.
cards-unit = Enhed
cards-count = Antal kort
cards-print = Lav arket
cards-sheet-intro = { $n } kort til { $unit } i tilfældig rækkefølge. Klip dem fra hinanden, og del dem ud uden at notere, hvem der fik hvilket.
cards-sheet-once = Koderne gemmes kun i en form, der ikke kan læses tilbage: dette ark kan ikke udskrives igen.
cards-qr-label = QR-kode med linket til målingen
cards-how = Scan QR-koden, eller gå til adressen nedenfor, og skriv koden:
cards-anonymous = Anonymt: ingen kan se, hvilket kort der var dit.
error-cards-count = Vælg mellem 1 og 500 kort.
error-cards-round = Runden er lukket, eller enheden findes ikke.
error-survey-name = Giv målingen et navn (højst 200 tegn).
error-survey-items = Vælg mindst ét spørgsmål.
error-survey-units = Vælg mindst én enhed.
error-survey-rotation = Spørgsmål pr. runde skal være mellem 1 og antallet af valgte spørgsmål.
error-survey-every = Gentag hver 1. til 52. uge, eller lad feltet stå tomt.
error-survey-open-days = En runde kan være åben i 1 til 60 dage.
error-survey-start = Den første åbningsdato er ikke en gyldig dato.

## E-mail (ren tekst)
mail-invite-subject = { $round }: en kort, anonym måling
mail-invite-body =
    Hej

    Du er inviteret til at svare på "{ $round }" — nogle få spørgsmål om dit arbejdsmiljø. Det tager omkring et minut.

    Svar her (linket er dit og virker én gang):
    { $link }

    Målingen lukker den { $closes }.

    Dine svar er anonyme: ingen kan finde ud af, hvad du har svaret — hverken din leder eller administratorerne. Resultater vises kun for grupper, der er så store, at ingen kan udpeges.

    — Trivsel
mail-remind-subject = Påmindelse: { $round }
mail-remind-body =
    Hej

    "{ $round }" er stadig åben, og vi mangler dit svar. Det tager omkring et minut og er anonymt.

    Svar her (samme link som før):
    { $link }

    Målingen lukker den { $closes }. Hvis du har svaret i mellemtiden, kan du se bort fra denne e-mail.

    — Trivsel

## Spørgsmålsbank (administratorer)
questions-title = Spørgsmålsbank
questions-intro = De temaer og spørgsmål, målinger kan stille: Trivsels egne på dansk, svensk og engelsk og dem, jeres organisation selv tilføjer. Et eget spørgsmål bruger en af de samme svarskalaer og beregnes derfor som de andre.
questions-reverse-short = omvendt scoret
questions-own = jeres eget
questions-add-title = Tilføj et spørgsmål
questions-theme = Tema
questions-scale = Svarskala
questions-reverse = Omvendt scoret
questions-reverse-help = Sæt kryds, når enig (eller "ofte") er den dårlige ende, fx "Jeg er ofte for træt til at koncentrere mig".
questions-text = Spørgsmålet på hvert sprog
questions-add = Tilføj spørgsmål
questions-theme-add-title = Tilføj et tema
questions-theme-name = Temaets navn på hvert sprog
questions-theme-sensitive = Følsomt (udsathed for krænkende adfærd): resultater kun over den højere grænse
questions-theme-add = Tilføj tema
lang-da = Dansk
lang-sv = Svensk
lang-en = Engelsk
error-question-text = Skriv spørgsmålet på alle tre sprog (højst 200 tegn hver).
error-question-theme-name = Skriv temaets navn på alle tre sprog (højst 200 tegn hver).
error-question-scale = Vælg en af svarskalaerne.
error-question-theme = Vælg et af temaerne.

## Resultater
nav-results = Resultater
results-title = Resultater
results-intro = Vælg en enhed. Tal vises kun for grupper med nok besvarelser og aldrig sådan, at nogen kan regne sig frem til en mindre gruppes svar.
results-none = Der er endnu ingen resultater at vise for denne enhed.
results-round = Runde
results-show = Vis
results-response = { $answered } af { $invited } inviterede har svaret.
results-closed = Runden er lukket.
results-open = Runden er stadig åben: tallene ændrer sig først, når mindst { $k } mere har svaret.
results-filed-with = Færre end { $k } blev inviteret her, så deres svar tæller med under { $unit } — se resultaterne dér. Hvis for få svarede dér, tæller de med et niveau længere oppe.
results-nothing-yet = Ingen resultater endnu: de vises, når mindst det mindste antal kolleger har svaret.
results-would-reveal = Nogle tal er skjult, selv om nok har svaret: vist ved siden af de andre ville de gøre det muligt at regne en mindre gruppes svar ud ved at trække fra.
results-caption = Score 0–100 i { $round } (højere er bedre)
results-dimension = Tema
results-score = Score
results-shares = Positive / neutrale / negative
results-shares-value = { $f } % / { $n } % / { $u } %
results-change = Ændring
results-hidden-few = færre end { $k } har svaret
results-hidden-short = skjult
results-all-units = Alle enheder
results-too-few = Færre end { $k } har svaret her, så der vises ingen tal for denne enhed.
results-too-few-parent = Færre end { $k } har svaret her, så der vises ingen tal for denne enhed — kolonnen { $unit } viser i stedet resultaterne for enheden ovenover.
results-trend = Udvikling
results-trend-note = Hvert temas score over de seneste runder. Et hul betyder, at tallet for den runde er skjult; tallene står også under hver graf.
results-responses = Svarprocent
results-invited = Inviteret
results-answered = Svaret
results-rate = Andel
results-responses-rounds = { $n ->
    [one] Inviterede og svar i denne runde
   *[other] Inviterede og svar i de seneste { $n } runder
}
results-comments = Kommentarer
results-comments-note = Kommentarerne vises i en fast, blandet rækkefølge uden datoer eller navne. De vises kun, når nok har skrevet en.
results-comments-none = Ingen skrev en kommentar i denne runde — eller kommentarerne tælles med i en større enhed.
results-comments-few = Færre end { $k } har skrevet en kommentar, så kommentarerne vises ikke.
results-comments-few-parent = Færre end { $k } her har skrevet en kommentar, så kommentarerne vises ikke her. De kan læses sammen med andres under { $unit }, når nok har skrevet en dér.
results-comments-reveal = Nok har skrevet en kommentar, men vist ved siden af andre enheders kommentarer ville de udpege en mindre gruppe, så de er skjult.
chart-trend-from-to = { $theme }: fra { $from } i { $first } til { $to } i { $last }.
chart-trend-one = { $theme }: { $score } i { $round }.
chart-trend-none = { $theme }: der kan endnu ikke vises et tal.
chart-trend-hidden = { $n ->
    [one] Én runde er skjult.
   *[other] { $n } runder er skjult.
}
chart-show-figures = Tal for { $theme }
chart-not-asked = ikke spurgt
heatmap-title = Heatmap
heatmap-intro = Alle enheder i dit område og alle temaer i runden. Score vises for mindst { $k } besvarelser ({ $ks } for det følsomme tema, markeret *) og aldrig, hvor man ved at trække fra kunne afsløre en mindre gruppe.
heatmap-unit = Enhed
heatmap-sort = Sortér efter { $theme }, laveste først
heatmap-legend = Grøn: 70 eller mere; gul: 50–69; rød: under 50. En streg: skjult — færre end { $k } har svaret ({ $ks } for *), eller tallet ville afsløre en mindre gruppe.
heatmap-change-legend = Det lille tal i en celle er ændringen siden { $round }, hvor begge tal vises.
heatmap-comparison = til sammenligning
export-unit = Enhed
export-parents = Del af
export-favourable = Positive (%)
export-neutral = Neutrale (%)
export-unfavourable = Negative (%)
export-respondents = Besvarelser
export-note = Bemærkning
export-hidden-reveal = skjult: ville afsløre en mindre gruppe
export-bad-format = Vælg CSV eller XLSX.
export-title = Hent
export-csv = CSV-fil
export-xlsx = Excel-fil (XLSX)
export-print = Brug browserens udskriftsfunktion til at udskrive til udvalgsmødet: siden udskrives uden menuer.
