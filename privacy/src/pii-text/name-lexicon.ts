/** Word lists the person-name rules use (lowercase; hand-made, no dataset text). */

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/** Titles before a name; the title itself is not part of the PERSON span ("Dr. <PERSON>"). */
export const HONORIFICS = set(`
  mr mrs ms miss mx dr prof professor sir dame madam madame mme mlle monsieur herr frau fr rev reverend pastor father
  sr sra srta señor señora señorita sig signor signora dott capt captain col colonel gen general lt lieutenant sgt
  sergeant officer detective judge justice senator sen rep president mayor governor gov uncle aunt auntie grandma grandpa
  saint mister missus doctor nurse coach`);

/** Lowercase particles inside a name ("Ludwig van Beethoven", "Jan de Vries"). */
export const NAME_PARTICLES = set('van von der den de del della di da das dos du la le bin ibn al el ter ten mac');

/** Generational and professional suffixes that belong to the name ("John Smith Jr.", "Giovanna Rodrigues MD"). */
export const NAME_SUFFIXES = set('jr sr ii iii iv md phd dds esq');

/**
 * Capitalised words that are not names even when capitalised: function words, greetings, days and months, company
 * and street words, and names of products and places common in shop and support text.
 */
export const NOT_NAME = set(`
  i i'm im i've i'd i'll me my mine you your yours he him his she her hers it its we us our they them their this that
  these those there here who whom whose what which when where why how a an the and or but nor so yet if then than
  of in on at to for from with by about as into onto over under after before between through during without within
  is are was were be been being am do does did done have has had will would shall should can could may might must
  not no yes ok okay oh hey hi hello dear thanks thank please sorry regards best cheers sincerely yours love xoxo
  all any some every each both either neither none many much more most few other another such own same just only
  also very too really well still even again ever never always sometimes often now today tomorrow yesterday tonight
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
  september october november december jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
  street st avenue ave road rd boulevard blvd lane ln drive dr court ct place pl square sq way highway hwy
  inc ltd llc plc corp co company corporation group team support service services customer customers client clients
  manager department dept office bank card account order orders invoice shop store hotel university college school
  hospital clinic church airport station center centre club association foundation institute agency
  mr mrs ms miss sir madam dr prof god lord jesus christ allah christmas easter thanksgiving halloween
  amazon google apple microsoft facebook twitter youtube instagram tiktok netflix spotify paypal ebay iphone ipad
  android windows linux mac macbook usb hdmi wifi bluetooth
  north south east west northern southern eastern western new old great good nice best happy merry
  english french german spanish italian dutch polish swedish american british european chinese japanese
  everyone everybody anyone anybody someone somebody nobody guys folks people friend friends sweetie honey babe
  please note re fw fwd subject attachment tel phone email e-mail fax mobile address name desk
  san santa santo sao são los las port mount mt lake
  apt apartment suite unit flat floor room box po building`);

/** Words after a capitalised sequence that make it an organisation ("Russell Investments", "Johnson Inc."). */
export const ORG_SUFFIXES = set(`
  inc incorporated ltd llc llp plc corp corporation co company companies group gmbh ag sa sas srl bv nv oy ab as
  investments partners associates holdings capital ventures bank insurance orchestra band choir foundation trust
  university college school academy institute hospital clinic hotel restaurant cafe bar pub studios studio records
  media labs lab technologies technology tech systems software solutions services consulting agency industries
  international global enterprises brothers bros sons motors airlines airways lines logistics pharma pharmaceuticals`);

/** Speaker labels and headings at a line start that are not names ("Pros: …", "Note: …"). */
export const NOT_SPEAKER = set(`
  pros cons note notes update edit ps p.s. tip tips warning error summary verdict conclusion overall bottom answer
  question q a re subject date time name phone email address mobile desk fax tel web website price quality sound
  value setup design build comfort features problem issue solution result results status`);

/**
 * Product nouns: a capitalised run ending in one is a product or brand ("Ernie Ball Strings", "Les Paul Custom"),
 * not a person. Generic shop vocabulary, not tied to one catalogue.
 */
export const PRODUCT_WORDS = set(`
  strings string guitar guitars bass basses amp amps amplifier pedal pedals picks pick cable cables cord set sets pack
  kit kits custom standard deluxe classic electric acoustic edition series model models pro plus max mini lite ultra
  signature phosphor bronze nickel steel wound tuner tuners mic mics microphone speaker speakers headphones earbuds
  drum drums sticks capo strap case cases stand keyboard piano synth charger battery batteries adapter phone tablet
  laptop camera lens shoes shoe boots shirt dress jacket bag watch book books app software bundle collection
  cream serum shampoo lotion`);
