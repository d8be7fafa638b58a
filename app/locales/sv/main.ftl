language-name = Svenska
skip-to-content = Gå till innehållet
nav-main = Huvudmeny
nav-language = Språk
nav-login = Logga in
nav-logout = Logga ut
nav-overview = Översikt
nav-organisation = Organisation
footer-promise = Trivsel är anonymt: ingen kan se vad en enskild person svarat eller vem som anmält vad.
loading = Laddar…
home-title = Välkommen
home-heading = Trivsel — trivsel och psykologisk trygghet på jobbet
home-lead = Korta, täta enkäter som ingen kan spåra till dig, anonym anmälan av trakasserier och diskriminering, och uppföljningen som gör att svaren spelar roll.
home-promise-heading = Vårt löfte
home-promise-1 = Ingen — varken din chef eller en administratör — kan se vad du svarat.
home-promise-2 = Resultat visas bara när tillräckligt många har svarat, aldrig för en liten grupp.
home-promise-3 = Anmälningar är anonyma: inget namn, ingen adress och inga uppgifter om din enhet sparas.
home-staff-login = Logga in som chef, ledamot i samverkansgrupp, handläggare eller administratör
login-title = Logga in
login-intro = För chefer, ledamöter i samverkans- och skyddskommittéer, handläggare och administratörer.
login-email = E-postadress
login-password = Lösenord
login-submit = Logga in
login-employees-note = Medarbetare behöver aldrig ett konto för att svara på en enkät eller göra en anmälan.
overview-title = Översikt
overview-greeting = Välkommen, { $name }
overview-roles = Dina roller
overview-scope-all = hela organisationen
role-admin = Administratör
role-leader = Chef
role-committee = Kommittéledamot
role-handler = Handläggare av anmälningar
sign-in-first-title = Logga in först
sign-in-first-body = Den här sidan är för inloggad personal.
org-title = Organisation
org-threshold-note = Resultat visas för grupper med minst { $k } personer. Enheter med färre personer slås ihop med enheten ovanför när svar sparas.
org-col-unit = Enhet
org-col-code = Kod
org-col-direct = Personer i enheten
org-col-total = Inklusive underenheter
org-col-status = Anmärkning
org-status-below = Under gränsen — slås ihop uppåt
org-status-closed = Stängd
not-found-title = Sidan finns inte
not-found-body = Sidan du bad om finns inte eller har flyttats.
not-found-home = Gå till startsidan
error-title = Något gick fel
error-bad-request = Begäran kunde inte förstås. Kontrollera det du skrivit och försök igen.
error-malformed-form = Formuläret var ofullständigt eller felaktigt. Fyll i det igen.
error-network = Servern kunde inte nås. Kontrollera din anslutning och försök igen.
error-invalid-credentials = E-postadressen eller lösenordet är fel.
error-unauthenticated = Logga in för att fortsätta.
error-forbidden = Du har inte behörighet till detta.
error-not-found = Hittades inte.
error-too-large = Det du skickade är för stort.
error-too-many-requests = För många försök. Vänta en minut och försök igen.
error-internal = Något gick fel hos oss. Om det händer igen, ge den här referensen till din administratör: { $id }.
error-method = Den här adressen tar inte emot den sortens begäran.
nav-import = Import
nav-settings = Inställningar
yes = Ja
no = Nej
unit-breadcrumbs = Enhetens placering
unit-kind = Nivå
unit-kind-organisation = Organisation
unit-kind-enterprise = Verksamhet
unit-kind-department = Avdelning
unit-kind-team = Team
unit-leaders = Chefer
unit-no-leaders = ingen utsedd
unit-below-threshold = Färre än { $k } personer: svar från den här enheten redovisas under enheten ovanför.
unit-closed-note = Den här enheten är stängd. Historiken sparas, men inga nya medarbetare kan läggas till.
unit-children = Underenheter
unit-people = Medarbetare i enheten
unit-no-people = Ingen är placerad direkt i den här enheten.
unit-people-caption = Medarbetare placerade direkt i den här enheten
person-name = Namn
person-employee-no = Anställningsnummer
person-email = Har e-post
unit-move-person = Flytta en medarbetare
unit-move-to = Till enhet
unit-move-person-submit = Flytta medarbetare
unit-change = Ändra enheten
unit-new-name = Namn
unit-rename-submit = Byt namn
unit-move-under = Flytta enheten (med dess underenheter) under
unit-move-submit = Flytta enhet
unit-new-code = Kod för en ny underenhet
unit-new-child-name = Namn på den nya underenheten
unit-add-submit = Lägg till underenhet
unit-close-note = En enhet kan stängas när det inte längre finns några medarbetare eller öppna underenheter i den. Enhetens tidigare resultat finns kvar.
unit-close-submit = Stäng enhet
unit-reopen-submit = Öppna enhet igen
error-unit-cycle = En enhet kan inte flyttas under sig själv eller någon av sina underenheter.
error-unit-code-taken = En annan enhet har redan den här koden.
error-unit-invalid = Ange ett namn (och en kod) på högst 200 tecken.
error-unit-closed = Enheten är stängd.
error-unit-not-empty = Enheten har fortfarande medarbetare eller öppna underenheter. Flytta dem först.
error-threshold-range = Varje minsta gruppstorlek måste vara ett heltal från 3 till 1000.
error-threshold-order = Minsta gruppstorlek för kommentarer och känsliga frågor får inte vara lägre än den för resultat.
error-import-not-pending = Den här importen har redan genomförts eller förkastats.
error-import-unresolved = Vissa rader innehåller fel. Rätta filen och ladda upp den igen, eller välj att hoppa över de raderna.
settings-title = Inställningar
settings-intro = De minsta gruppstorlekarna som skyddar anonymiteten. Inga siffror visas någonsin för färre personer än så.
settings-k-score = Minsta gruppstorlek för resultat
settings-k-score-help = Minst 3. Standard är 5.
settings-k-comment = Minsta gruppstorlek för fritextkommentarer
settings-k-comment-help = Minst lika stor som för resultat. Standard är 10.
settings-k-sensitive = Minsta gruppstorlek för känsliga frågor
settings-k-sensitive-help = Trakasserier, kränkande särbehandling, våld och diskriminering. Minst lika stor som för resultat. Standard är 10.
settings-save = Spara
settings-saved = Sparat.
import-title = Import från HR-systemet
import-intro = Ladda upp medarbetarfilen (och enhetsfilen om organisationsstrukturen ska ändras) som exporterats från HR- eller lönesystemet. Du ser vilka ändringar som görs innan något sparas.
import-format-heading = Filformat
import-format-units = Enhetsfil (valfri): en rad per enhet; den översta enheten har ingen parent_code.
import-format-people = Medarbetarfil: en rad per medarbetare. E-post, språk (da, sv, en) och leader_of (enhetskoder åtskilda med ;) får vara tomma.
import-format-note = CSV i UTF-8, avgränsad med kommatecken eller semikolon. Filerna är fullständiga listor: medarbetare som saknas i filen behandlas som att de har slutat, och enheter som saknas i enhetsfilen stängs.
import-units-file = Enhetsfil (CSV, valfri)
import-people-file = Medarbetarfil (CSV)
import-upload-submit = Ladda upp och förhandsgranska
import-upload-missing = Välj en medarbetarfil.
import-preview-title = Förhandsgranskning av import
import-status-preview = Inte genomförd ännu: inget har sparats.
import-status-applying = Genomför…
import-status-applied = Genomförd.
import-status-failed = Importen kunde inte genomföras. Inget sparades.
import-status-discarded = Förkastad. Inget sparades.
import-rows = { $people } medarbetarrader och { $units } enhetsrader lästes in.
import-progress = Förlopp
import-refresh = Uppdatera förloppet
import-changes = Ändringar
import-no-changes = Inga ändringar: organisationen stämmer redan med filerna.
import-change-kind = Ändring
import-change-count = Antal
import-change-examples = Exempel
import-and-more = … och { $n } till
import-units-new = Nya enheter
import-units-renamed = Enheter med nytt namn
import-units-moved = Flyttade enheter
import-units-closed = Stängda enheter
import-units-reopened = Återöppnade enheter
import-people-new = Nya medarbetare
import-people-moved = Medarbetare som byter enhet
import-people-updated = Medarbetare med ändrat namn, e-post eller språk
import-people-left = Medarbetare som har slutat
import-people-returning = Medarbetare som har kommit tillbaka
import-leaders-added = Nya chefsuppdrag
import-leaders-removed = Avslutade chefsuppdrag
import-blocking = Filerna kan inte läsas in. Rätta felen ovan och ladda upp dem igen.
import-skip-rows = Hoppa över de { $n } raderna med fel (de medarbetarna lämnas oförändrade)
import-apply-submit = Genomför ändringarna
import-discard-submit = Förkasta
import-back = Tillbaka till organisationen
import-issues = Fel
import-issues-count = { $n } fel hittades
import-issue-file = Fil
import-issue-line = Rad
import-issue-problem = Fel
import-file-units = enheter
import-file-people = medarbetare
import-error-too-large = Filen är för stor.
import-error-empty = Filen är tom.
import-error-encoding = Filen är inte UTF-8-text. Spara den som "CSV UTF-8" i Excel.
import-error-header = Första raden (kolumnnamnen) kunde inte läsas.
import-error-missing-column = Kolumnen "{ $detail }" saknas.
import-error-missing-value = "{ $detail }" är tom.
import-error-field-count = Raden har fel antal fält ({ $detail }).
import-error-unreadable-row = Raden kunde inte läsas.
import-error-kind = Okänd nivå "{ $detail }" (använd organisation, enterprise, department eller team).
import-error-too-long = Ett värde är för långt ({ $detail }).
import-error-email = "{ $detail }" är inte en giltig e-postadress.
import-error-language = Okänt språk "{ $detail }" (använd da, sv eller en).
import-error-duplicate-employee = Anställningsnummer { $detail } förekommer två gånger (första gången på raden inom parentes).
import-error-unknown-unit = Okänd enhetskod "{ $detail }".
import-error-closed-unit = Enheten "{ $detail }" är stängd.
import-error-leader-email = { $detail } ska vara chef för en enhet men har ingen e-postadress att logga in med.
import-error-duplicate-unit = Enhetskoden { $detail } förekommer två gånger (första gången på raden inom parentes).
import-error-unknown-parent = Okänd överordnad enhet "{ $detail }".
import-error-roots = Strukturen måste ha exakt en översta enhet (hittade { $detail }).
import-error-cycle = Dessa enheter är angivna som varandras överordnade: { $detail }.
nav-roles = Roller
roles-title = Roller
roles-intro = Vem som administrerar Trivsel, är chef för vilka enheter, sitter i vilken kommitté (med dess område) och handlägger anmälningar. En person kan ha flera roller.
roles-caption = Nuvarande roller
roles-col-role = Roll
roles-col-scope = Område
roles-col-actions = Åtgärder
roles-revoke = Avsluta roll
roles-revoke-label = Avsluta roll för { $name }
roles-no-password = har inte loggat in ännu
roles-appoint = Utse en person
roles-name-if-new = Namn (bara för någon utan konto)
roles-unit = Enhet (chefer och kommittéer)
roles-unit-none = — ingen —
roles-unit-help = En chef leder den här enheten och allt under den; en kommittés område är den här enheten och allt under den.
roles-label = Kommitténs namn (t.ex. samverkansgrupp, skyddskommitté)
roles-appoint-submit = Utse
roles-new-account = Ett nytt konto har skapats för { $email }. Det tillfälliga lösenordet:
roles-new-account-once = Lämna det personligen. Det visas bara den här enda gången.
error-role-email = Ange en giltig e-postadress.
error-role-name = Ange namnet på den nya personen.
error-role-unit = Chefer och kommittéledamöter behöver en enhet.
error-role-duplicate = Personen har redan den här rollen.
error-role-last-admin = Den sista administratören kan inte tas bort.
tokens-title = API-nycklar
tokens-intro = En nyckel låter ett annat system använda REST-API:et (/api/v1, beskrivet på /api/v1/openapi.json): ett HR-system som importerar organisationen varje natt, eller ett BI-verktyg som läser resultat. Den som har en importnyckel kan byta ut organisationens medarbetare och enheter; en resultatnyckel läser bara de siffror som gränserna tillåter.
tokens-caption = Nycklar som används
tokens-label = Systemets namn
tokens-created = Skapad
tokens-last-used = Senast använd
tokens-never = aldrig
tokens-revoke = Återkalla
tokens-revoke-label = Återkalla nyckeln för { $label }
tokens-create = Skapa nyckel
tokens-purpose = Vad nyckeln får göra
tokens-purpose-import = Importera personer och enheter (HR-system)
tokens-purpose-results = Läsa resultat (BI-verktyg; samma gränser som resultatsidorna)
error-token-purpose = Välj vad nyckeln får göra.
tokens-new = Den nya nyckeln:
tokens-new-once = Kopiera in den i HR-systemet nu. Den visas bara den här enda gången; Trivsel sparar bara ett fingeravtryck av den.
error-token-label = Ange namnet på systemet som nyckeln är till (högst 100 tecken).

## Svara (respondenter)
answer-code-title = Svara på en enkät
answer-code-intro = Skriv koden från ditt kort. Du kan också skanna kortets QR-kod med mobilens kamera.
answer-code-label = Din kod
answer-code-help = 12 bokstäver och siffror, till exempel K7QF-M2XD-9HPA. Det spelar ingen roll om du använder stora eller små bokstäver, mellanslag eller bindestreck.
answer-code-go = Fortsätt
answer-code-invalid = Det är inte en giltig kod. Jämför med ditt kort: 12 bokstäver och siffror.
answer-statement-title = Innan du börjar
answer-statement-stored = Vi sparar dina svar och vilken enkätomgång de hör till. De sparas under din enhet eller — om den är liten — under en större enhet ovanför.
answer-statement-not-stored = Vi sparar inte ditt namn, din kod eller länk, din e-post, uppgifter om din mobil eller dator, din IP-adress eller när du svarade. Ingen kan ta reda på vad du har svarat, inte ens administratörerna.
answer-statement-groups = Chefer och kommittéer ser bara resultat för grupper där minst { $k } har svarat.
answer-statement-sensitive = Frågor om kränkande beteenden visas bara för grupper där minst { $k } har svarat.
answer-statement-comments = Kommentarer visas bara för grupper där minst { $k } har svarat. De läses av personer som kanske känner igen ditt sätt att skriva, så utelämna namn och detaljer som pekar på dig.
answer-statement-skip = Alla frågor är frivilliga, och du kan gå tillbaka och ändra ett svar tills du skickar.
answer-closes = Enkäten stänger den { $date }.
answer-start = Börja
answer-step = Steg { $n } av { $total }
answer-back = Tillbaka
answer-next = Nästa
answer-submit = Skicka mina svar
answer-dont-know = Vet inte / vill inte svara
answer-comment-label = Kommentar (valfri)
answer-comment-help = Visas bara när minst { $k } har svarat. Andra kan känna igen ditt sätt att skriva: undvik namn och detaljer som pekar på dig.
answer-thanks-title = Tack — dina svar har tagits emot
answer-thanks-body = Dina svar är sparade och räknas in i resultatet när tillräckligt många kollegor har svarat.
answer-thanks-nothing-kept = Inget annat om dig har sparats. Du kan stänga den här sidan.
answer-refused-title = Den här koden eller länken kan inte användas
answer-refused-body = Koden eller länken kan redan ha använts, enkäten kan ha stängt, eller så kan det ha blivit ett skrivfel. Varje kod kan bara användas en gång.
answer-refused-other-code = Skriv en kod
answer-problem-title = Dina svar skickades inte
answer-problem-back = Använd webbläsarens bakåtknapp för att komma tillbaka till dina svar; din kod har inte använts.
answer-empty = Du har inte svarat på någon fråga.
answer-invalid = Svaren kunde inte läsas. Ladda om enkäten och försök igen.
answer-comment-too-long = Kommentaren är för lång (högst 2000 tecken).
answer-unavailable = Dina svar kunde inte sparas just nu. Försök igen om en stund.

## Enkäter (administratörer)
nav-surveys = Enkäter
surveys-title = Enkäter
surveys-intro = En enkät ställer ett antal frågor till de enheter du väljer, en gång eller med några veckors mellanrum. Varje omgång öppnas och stängs automatiskt.
surveys-new = Ny enkät
surveys-none = Inga enkäter ännu.
surveys-every = { $weeks ->
    [one] Varje vecka
   *[other] Med { $weeks } veckors mellanrum
}
surveys-once = En omgång
surveys-rotation = { $n } av { $total } frågor per omgång, i tur och ordning
surveys-open-days = öppen { $days ->
    [one] en dag
   *[other] { $days } dagar
}
surveys-units = Enheter
surveys-next = Nästa omgång öppnas den { $date }.
surveys-stopped = Stoppad: inga fler omgångar öppnas.
surveys-stop = Stoppa schemat
surveys-back = Alla enkäter
rounds-caption = Omgångar
rounds-name = Omgång
rounds-opened = Öppnad
rounds-closes = Stängs
rounds-closed = Stängd
rounds-answered = Svarat
survey-new-title = Ny enkät
survey-new-intro = Välj vilka som ska tillfrågas, vilka frågor som ställs och hur ofta. En kort pulsenkät med ungefär åtta frågor tar under en minut.
survey-name = Namn
survey-units = Enheter som tillfrågas
survey-units-help = Alla i en vald enhet och i enheterna under den bjuds in.
survey-items = Frågor
survey-items-help = Från Trivsels frågebank. Den första frågan i varje tema är förvald för en kort pulsenkät.
survey-sensitive = känslig: visas bara över den högre gränsen
survey-schedule = Schema
survey-start = Första omgången öppnas
survey-start-help = Lämna tomt för att öppna första omgången nu.
survey-every = Upprepa med (antal veckors mellanrum)
survey-every-help = Lämna tomt för en enda omgång.
survey-open-days = Varje omgång är öppen i (antal dagar)
survey-per-round = Frågor per omgång
survey-per-round-help = Lämna tomt för att ställa alla frågor i varje omgång; med ett mindre antal växlar frågorna från omgång till omgång.
survey-create = Skapa enkät
round-progress = { $answered } av { $invited } inbjudna har svarat.
round-items = { $n ->
    [one] en fråga
   *[other] { $n } frågor
}
round-closes = stängs den { $date }
round-close-title = Stäng omgången nu
round-close-intro = Efter det tas inga fler svar emot. Svar som redan har kommit in sparas under enheter som minst har den minsta gruppstorleken.
round-close = Stäng omgång
overview-my-rounds = Dina öppna enkäter

## Kodkort
cards-title = Kodkort
cards-intro = För medarbetare utan e-post: skriv ut ett kort per person och dela ut dem slumpvis. Varje kod kan bara användas en gång. Koderna visas bara på det ark du skriver ut nu.
cards-unit = Enhet
cards-count = Antal kort
cards-print = Skapa arket
cards-sheet-intro = { $n } kort för { $unit }, i slumpvis ordning. Klipp isär dem och dela ut dem utan att anteckna vem som fick vilket.
cards-sheet-once = Koderna sparas bara i en form som inte kan läsas tillbaka: det här arket kan inte skrivas ut igen.
cards-qr-label = QR-kod med länken till enkäten
cards-how = Skanna QR-koden, eller gå till adressen nedan och skriv in koden:
cards-anonymous = Anonymt: ingen kan se vilket kort som var ditt.
error-cards-count = Välj mellan 1 och 500 kort.
error-cards-round = Omgången är stängd eller så finns inte enheten.
error-survey-name = Ge enkäten ett namn (högst 200 tecken).
error-survey-items = Välj minst en fråga.
error-survey-units = Välj minst en enhet.
error-survey-rotation = Frågor per omgång måste vara mellan 1 och antalet valda frågor.
error-survey-every = Upprepa med 1 till 52 veckors mellanrum, eller lämna tomt.
error-survey-open-days = En omgång kan vara öppen i 1 till 60 dagar.
error-survey-start = Det första öppningsdatumet är inte ett giltigt datum.

## E-post (ren text)
mail-invite-subject = { $round }: en kort, anonym enkät
mail-invite-body =
    Hej!

    Du är inbjuden att svara på "{ $round }" — några få frågor om din arbetsmiljö. Det tar ungefär en minut.

    Svara här (länken är din och fungerar en gång):
    { $link }

    Enkäten stänger den { $closes }.

    Dina svar är anonyma: ingen kan ta reda på vad du svarade — varken din chef eller administratörerna. Resultat visas bara för grupper som är så stora att ingen kan pekas ut.

    — Trivsel
mail-remind-subject = Påminnelse: { $round }
mail-remind-body =
    Hej!

    "{ $round }" är fortfarande öppen och ditt svar saknas. Det tar ungefär en minut och är anonymt.

    Svara här (samma länk som tidigare):
    { $link }

    Enkäten stänger den { $closes }. Om du har svarat under tiden kan du bortse från det här mejlet.

    — Trivsel

## Frågebank (administratörer)
questions-title = Frågebank
questions-intro = De teman och frågor som enkäter kan ställa: Trivsels egna på danska, svenska och engelska och de som er organisation själv lägger till. En egen fråga använder en av samma svarsskalor och räknas därför som de andra.
questions-reverse-short = omvänt poängsatt
questions-own = er egen
questions-add-title = Lägg till en fråga
questions-theme = Tema
questions-scale = Svarsskala
questions-reverse = Omvänt poängsatt
questions-reverse-help = Kryssa i när instämmer (eller "ofta") är den dåliga änden, t.ex. "Jag är ofta för trött för att koncentrera mig".
questions-text = Frågan på varje språk
questions-add = Lägg till fråga
questions-theme-add-title = Lägg till ett tema
questions-theme-name = Temats namn på varje språk
questions-theme-sensitive = Känsligt (utsatthet för kränkande beteende): resultat bara över den högre gränsen
questions-theme-add = Lägg till tema
lang-da = Danska
lang-sv = Svenska
lang-en = Engelska
error-question-text = Skriv frågan på alla tre språk (högst 200 tecken vardera).
error-question-theme-name = Skriv temats namn på alla tre språk (högst 200 tecken vardera).
error-question-scale = Välj en av svarsskalorna.
error-question-theme = Välj ett av temana.

## Resultat
nav-results = Resultat
results-title = Resultat
results-intro = Välj en enhet. Siffror visas bara för grupper med tillräckligt många svar och aldrig så att någon kan räkna ut en mindre grupps svar.
results-none = Det finns ännu inga resultat att visa för den här enheten.
results-round = Omgång
results-show = Visa
results-response = { $answered } av { $invited } inbjudna har svarat.
results-closed = Omgången är stängd.
results-open = Omgången är fortfarande öppen: siffrorna ändras först när minst { $k } till har svarat.
results-filed-with = Färre än { $k } bjöds in här, så deras svar räknas med { $unit } — se resultaten där. Om för få svarade där räknas de med en nivå längre upp.
results-nothing-yet = Inga resultat ännu: de visas när minst det minsta antalet kolleger har svarat.
results-would-reveal = Vissa siffror är dolda fast tillräckligt många svarat: visade bredvid de andra skulle de göra det möjligt att räkna ut en mindre grupps svar genom subtraktion.
results-caption = Poäng 0–100 i { $round } (högre är bättre)
results-dimension = Tema
results-score = Poäng
results-shares = Positiva / neutrala / negativa
results-shares-value = { $f } % / { $n } % / { $u } %
results-change = Förändring
results-hidden-few = färre än { $k } har svarat
results-hidden-short = dold
results-all-units = Alla enheter
results-too-few = Färre än { $k } har svarat här, så inga siffror visas för den här enheten.
results-too-few-parent = Färre än { $k } har svarat här, så inga siffror visas för den här enheten — kolumnen { $unit } visar i stället resultaten för enheten ovanför.
results-trend = Utveckling
results-trend-note = Varje temas poäng under de senaste omgångarna. Ett glapp betyder att siffran för den omgången är dold; siffrorna står också under varje diagram.
results-responses = Svarsfrekvens
results-invited = Inbjudna
results-answered = Svarat
results-rate = Andel
results-responses-rounds = { $n ->
    [one] Inbjudna och svar i den här omgången
   *[other] Inbjudna och svar i de senaste { $n } omgångarna
}
results-comments = Kommentarer
results-comments-note = Kommentarerna visas i en fast, blandad ordning utan datum eller namn. De visas bara när tillräckligt många har skrivit en.
results-comments-none = Ingen skrev en kommentar i den här omgången — eller räknas kommentarerna med i en större enhet.
results-comments-few = Färre än { $k } har skrivit en kommentar, så kommentarerna visas inte.
results-comments-few-parent = Färre än { $k } här har skrivit en kommentar, så kommentarerna visas inte här. De kan läsas tillsammans med andras under { $unit } när tillräckligt många har skrivit en där.
results-comments-reveal = Tillräckligt många har skrivit en kommentar, men visade bredvid andra enheters kommentarer skulle de peka ut en mindre grupp, så de är dolda.
chart-trend-from-to = { $theme }: från { $from } i { $first } till { $to } i { $last }.
chart-trend-one = { $theme }: { $score } i { $round }.
chart-trend-none = { $theme }: ingen siffra kan visas än.
chart-trend-hidden = { $n ->
    [one] En omgång är dold.
   *[other] { $n } omgångar är dolda.
}
chart-show-figures = Siffror för { $theme }
chart-not-asked = inte frågat
heatmap-title = Värmekarta
heatmap-intro = Alla enheter i ditt område och alla teman i omgången. Poäng visas för minst { $k } svarande ({ $ks } för det känsliga temat, markerat *) och aldrig där subtraktion skulle avslöja en mindre grupp.
heatmap-unit = Enhet
heatmap-sort = Sortera efter { $theme }, lägsta först
heatmap-legend = Grönt: 70 eller mer; gult: 50–69; rött: under 50. Ett streck: dolt — färre än { $k } har svarat ({ $ks } för *), eller siffran skulle avslöja en mindre grupp.
heatmap-change-legend = Den lilla siffran i en cell är förändringen sedan { $round }, där båda siffrorna visas.
heatmap-comparison = för jämförelse
export-unit = Enhet
export-parents = Del av
export-favourable = Positiva (%)
export-neutral = Neutrala (%)
export-unfavourable = Negativa (%)
export-respondents = Svarande
export-note = Anmärkning
export-hidden-reveal = dold: skulle avslöja en mindre grupp
export-bad-format = Välj CSV eller XLSX.
export-title = Ladda ner
export-csv = CSV-fil
export-xlsx = Excel-fil (XLSX)
export-print = Använd webbläsarens utskriftsfunktion för att skriva ut till kommittémötet: sidan skrivs ut utan menyer.
