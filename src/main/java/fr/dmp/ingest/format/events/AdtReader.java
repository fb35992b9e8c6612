package fr.dmp.ingest.format.events;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.message.ADT_A39;
import ca.uhn.hl7v2.model.v26.segment.PID;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import fr.dmp.ingest.domain.ShownCode;
import fr.dmp.ingest.domain.IdentityStatus;
import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.domain.InsMode;
import fr.dmp.ingest.format.PatientIdentifier;
import fr.dmp.ingest.format.PatientRef;
import fr.dmp.ingest.format.hl7.Hl7Messages;
import fr.dmp.ingest.format.hl7.MessageText;
import fr.dmp.ingest.format.hl7.Hl7Patient;
import fr.dmp.ingest.format.hl7.Hl7Reader;
import fr.dmp.ingest.format.hl7.Hl7Time;
import fr.dmp.ingest.format.InsSelector;

import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HL7 v2 ADT messages as dossier events (formats.md; ADT updates the dossier, it creates no document):
 * <ul>
 *   <li>any ADT with PID-30 = Y: the patient's death, at PID-29 (A03 discharge after death, A08 update);</li>
 *   <li>A28 / A31 / A08 with a French PAM {@code ZFA} segment (statut DMP du patient), read as documented in
 *       the README: ZFA-1 FERME closes the dossier at ZFA-3 (or ZFA-2), ACTIF reopens it; ZFA-6 Y is the
 *       opposition to break-glass access (N withdraws it), at ZFA-8; ZFA-9 IO (PAM-FR 2.11) is the opposition to
 *       feeding by this establishment (INO withdraws it), at ZFA-10, read on any ADT that carries a ZFA; ZFA-4 (the
 *       establishment's access authorisation) is not about feeding and is not read;</li>
 *   <li>A40 merge: the dossier of MRG-1's INS is merged into PID-3's, documents moving with it.</li>
 * </ul>
 * Events without their own date take EVN-2, else MSH-7. Every event carries the PID's traits and stated
 * identity status (PID-32), read as a document's, so that it is held to the same identity rules (ins.md).
 */
public final class AdtReader {

    /** One per thread: HAPI's PipeParser caches structure definitions in a plain HashMap (see Hl7Reader). */
    private final ThreadLocal<PipeParser> parser = ThreadLocal.withInitial(AdtReader::newParser);

    public AdtReader() {
    }

    private static PipeParser newParser() {
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.setModelClassFactory(new CanonicalModelClassFactory("2.6"));
        context.getParserConfiguration().setValidating(false);
        // an ADT's OBX (vital signs) is never read here, and one outside table 0125 (N^K&M, round 29) made the whole
        // identity event unreadable: read it as text, as the ORU reader does
        context.getParserConfiguration().setDefaultObx2Type("ST");
        context.getParserConfiguration().setInvalidObx2Type("ST");
        context.getParserConfiguration().setEscaping(new fr.dmp.ingest.format.hl7.Hl7Escapes()); // a backslash starting no sequence is kept
        return context.getPipeParser();
    }

    /** @param sourceFiness the feed's establishment: the source an opposition to feeding in ZFA-9 is about */
    public List<EventItem> read(byte[] bytes, InsMode mode, ZoneId zone, Charset defaultCharset, String sourceFiness) {
        List<EventItem> out = new ArrayList<>();
        int index = 0;
        for (Hl7Messages.Slice slice : Hl7Messages.split(bytes)) {
            index++;
            try {
                out.addAll(message(bytes, slice, index, mode, zone, defaultCharset, sourceFiness));
            } catch (HL7Exception | RuntimeException e) {
                out.add(new EventItem.Invalid(index, Rejection.of(ReasonCode.FORMAT_CORRUPT,
                        "ADT message " + index + " cannot be parsed (" + e.getClass().getSimpleName() + ")")));
            }
        }
        if (out.isEmpty()) {
            out.add(new EventItem.Invalid(1, Rejection.of(ReasonCode.FORMAT_CORRUPT, "no HL7 message in the file")));
        }
        return out;
    }

    private static final java.util.regex.Pattern MRG_SEGMENT = java.util.regex.Pattern.compile("(?:^|\r)MRG(?=\\p{Punct})");
    private static final java.util.regex.Pattern PID_SEGMENT = java.util.regex.Pattern.compile("(?:^|\r)PID\\|");

    /** HL7 v2.5 events that link, unlink, merge in another form or change a patient's identifier (table 0003): not applied (an account's
     * merge or change, A35 or A49, is a visit's, an identity check as any other ADT). */
    static final java.util.Map<String, String> IDENTITY_CHANGES_NOT_APPLIED = java.util.Map.of(
            "A37", "unlink patient information", "A24", "link patient information", "A30", "merge person information",
            "A39", "merge person, patient ID", "A43", "move patient information, patient identifier list", "A34", "merge patient information,"
                    + " patient ID only", "A36", "merge patient information, patient ID and account number", "A46",
            "change patient ID", "A47", "change patient identifier list", "A48", "change alternate patient ID");

    private List<EventItem> message(byte[] bytes, Hl7Messages.Slice slice, int index, InsMode mode, ZoneId zone,
                                    Charset defaultCharset, String sourceFiness) throws HL7Exception {
        if (!slice.startsWithMsh()) {
            return List.of(invalid(index, ReasonCode.FORMAT_CORRUPT, "segments before the first MSH"));
        }
        MessageText.Decoded decoded = MessageText.decode(bytes, slice, defaultCharset);
        if (decoded instanceof MessageText.Refused r) {
            return List.of(invalid(index, ReasonCode.ENCODING_INVALID, "ADT message " + index + ": " + r.rejection().detail()));
        }
        String er7 = ((MessageText.Read) decoded).text().replace("\r\n", "\r").replace('\n', '\r').strip();
        Message msg = parser.get().parse(fr.dmp.ingest.format.hl7.Hl7Reader.readableVersion(er7)); // "2.5.1  ", 2.9 (round 28)
        Terser t = new Terser(msg);
        String type = t.get("/MSH-9-1");
        String event = t.get("/MSH-9-2");
        if ("A40".equals(event) && !(msg instanceof ADT_A39)) {
            // MSH-9.3 naming another structure (ADT_A40, ADT_A30): read by the event, whose structure holds the pairs
            msg = parser.get().parse(Hl7Reader.withoutMessageStructure(er7));
            t = new Terser(msg);
        }
        if (!"ADT".equals(type)) {
            // a sender's bytes in MSH-9 (a name, an INS put there by mistake) are never echoed: codes only
            return List.of(invalid(index, ReasonCode.FORMAT_UNSUPPORTED, "message " + ShownCode.HL7.shown(type) + "^"
                    + ShownCode.HL7.shown(event) + " is not an ADT"));
        }
        if (event != null && IDENTITY_CHANGES_NOT_APPLIED.containsKey(event.strip())) {
            // an un-merge (A37) or an identifier change read as an identity check was archived as stored, nothing done, and
            // the documents stayed merged (round 37, a tester): refused, so that identity vigilance knows it was not applied
            return List.of(invalid(index, ReasonCode.FORMAT_UNSUPPORTED, "ADT^" + event.strip() + " ("
                    + IDENTITY_CHANGES_NOT_APPLIED.get(event.strip()) + ") changes a patient's identities: dmp-ingest does not"
                    + " apply it (it applies A40 merges and identity updates); identity vigilance acts through the dossier"
                    + " commands (docs/identifiers.md)"));
        }
        String evn2 = t.get("/.EVN-2");
        String msh7 = t.get("/MSH-7");
        Instant eventTime = firstTime(zone, evn2, msh7);
        if (eventTime == null) {
            // a time written but unreadable (month 13, 17 digits) is a date problem, as for an ORU (round 26, a tester)
            boolean written = written(evn2) || written(msh7);
            return List.of(written ? invalid(index, ReasonCode.DATE_INVALID, "EVN-2 and MSH-7 event time unparseable")
                    : invalid(index, ReasonCode.METADATA_MISSING, "EVN-2 and MSH-7 event time"));
        }
        if (!PID_SEGMENT.matcher(er7).find()) {
            // PID is required in every ADT: a message without it was cut short (found on an independent writer's
            // truncated A31, refused INS_MISSING as if the sender had left the INS out), as for ORU and MDM
            return List.of(invalid(index, ReasonCode.FORMAT_CORRUPT, "ADT without PID segment"));
        }
        Verdict<Ins> ins = InsSelector.select(identifiers(t, "/.PID", 3), mode);
        if (ins instanceof Verdict.Refused<Ins> r) {
            return List.of(new EventItem.Invalid(index, r.rejection()));
        }
        Ins patient = ((Verdict.Accepted<Ins>) ins).value();
        // ins.md: the PID's traits and stated status go with every event of the message, read exactly as a
        // document's, so that the events are held to the identity rules documents are (status, traits)
        List<Rejection> problems = new ArrayList<>();
        PatientRef pid = Hl7Patient.of((PID) t.getSegment("/.PID"), problems); // in a group for A40 (ADT_A39)
        if (!problems.isEmpty()) {
            return List.of(new EventItem.Invalid(index, problems.get(0)));
        }
        Stamp stamp = new Stamp(index, patient, pid.traits(), pid.statedStatus());
        List<EventItem> out = new ArrayList<>();
        if ("A40".equals(event)) {
            // ADT_A39's PATIENT group repeats, one merge each: the second pair of a message was lost until round 25
            // (a sample of microsoft/FHIR-Converter); all are checked before any is kept, so a message applies whole
            int groups = msg instanceof ADT_A39 a39 ? Math.max(1, a39.getPATIENTReps()) : 1;
            for (int g = 0; g < groups; g++) {
                Stamp into = stamp;
                if (g > 0) {
                    Verdict<Ins> survivor = InsSelector.select(identifiers(t, "/PATIENT(" + g + ")/PID", 3), mode);
                    if (survivor instanceof Verdict.Refused<Ins> r) {
                        return List.of(new EventItem.Invalid(index, r.rejection()));
                    }
                    PatientRef other = Hl7Patient.of(((ADT_A39) msg).getPATIENT(g).getPID(), problems);
                    if (!problems.isEmpty()) {
                        return List.of(new EventItem.Invalid(index, problems.get(0)));
                    }
                    into = new Stamp(index, ((Verdict.Accepted<Ins>) survivor).value(), other.traits(), other.statedStatus());
                }
                List<fr.dmp.ingest.format.PatientIdentifier> mrg = identifiers(t, g == 0 ? "/.MRG" : "/PATIENT(" + g + ")/MRG", 1);
                Verdict<Ins> merged = InsSelector.select(mrg, mode);
                if (merged instanceof Verdict.Refused<Ins> r) {
                    // the merged patient's identifier: said so, the PID's being the survivor's (round 28, a tester)
                    return List.of(new EventItem.Invalid(index, fr.dmp.ingest.domain.Rejection.of(r.rejection().reason(),
                            "MRG-1 (the merged patient): " + r.rejection().detail())));
                }
                if (twoInsUnderOneOid(mrg)) {
                    // the first was merged and the second dropped without a word (round 28, a tester): one merge per MRG
                    return List.of(invalid(index, ReasonCode.FORMAT_UNSUPPORTED, "MRG-1 names two INS under one OID:"
                            + " send each merge as a PID followed by its MRG"));
                }
                Ins from = ((Verdict.Accepted<Ins>) merged).value();
                out.add(into.valid(DossierEvent.Kind.MERGE, eventTime, from.matricule() + "^" + from.oid().oid()));
            }
            long mrg = MRG_SEGMENT.matcher(er7).results().count();
            if (mrg != groups) {
                // a pair HAPI's structure did not hold (two MRG under one PID...): refused whole, never half applied
                return List.of(invalid(index, ReasonCode.FORMAT_UNSUPPORTED, "A40 with " + mrg + " MRG segments read as "
                        + groups + " PID/MRG pairs: send each merge as a PID followed by its MRG"));
            }
        }
        if ("Y".equalsIgnoreCase(nz(t.get("/.PID-30")))) {
            Instant death = firstTime(zone, t.get("/.PID-29"), null);
            out.add(stamp.valid(DossierEvent.Kind.DEATH, death != null ? death : eventTime, null));
        }
        if (List.of("A28", "A31", "A08").contains(event)) {
            if (IdentityStatus.parse(pid.statedStatus()).filter(s -> s == IdentityStatus.QUAL).isPresent()) {
                out.add(stamp.valid(DossierEvent.Kind.IDENTITY, eventTime, DossierEvent.IDENTITY_UPDATE));
            }
            zfa(er7).ifPresent(zfa -> out.addAll(zfaEvents(stamp, zfa, eventTime, zone, sourceFiness)));
        } else {
            // PAM-FR 2.11 sends the patient's consent with an admission (A01...): the oppositions are the patient's
            // rights and are never left unread (rules.md R9); the dossier's status stays with A28/A31/A08
            zfa(er7).ifPresent(zfa -> out.addAll(zfaOppositions(stamp, zfa, eventTime, zone, sourceFiness)));
        }
        if (out.isEmpty()) {
            // an ADT that changes nothing the DMP feed keeps (an admission, a move): recorded as read
            out.add(stamp.valid(DossierEvent.Kind.IDENTITY, eventTime, null));
        }
        return out;
    }

    /** What every event of one message carries: its index, the patient's INS, the PID's traits and stated status. */
    private record Stamp(int index, Ins ins, Traits traits, String statedStatus) {
        EventItem valid(DossierEvent.Kind kind, Instant at, String detail) {
            return new EventItem.Valid(index, new DossierEvent(ins, kind, at, detail, traits, statedStatus));
        }
    }

    private static List<EventItem> zfaEvents(Stamp stamp, String[] zfa, Instant eventTime, ZoneId zone,
                                             String sourceFiness) {
        List<EventItem> out = new ArrayList<>();
        String status = field(zfa, 1).toUpperCase(Locale.ROOT);
        Instant statusTime = firstTime(zone, field(zfa, 3), field(zfa, 2));
        if (status.equals("FERME")) {
            out.add(stamp.valid(DossierEvent.Kind.CLOSE, statusTime != null ? statusTime : eventTime, null));
        } else if (status.equals("ACTIF")) {
            out.add(stamp.valid(DossierEvent.Kind.REOPEN, firstTime(zone, field(zfa, 2), null) != null
                    ? firstTime(zone, field(zfa, 2), null) : eventTime, null));
        }
        out.addAll(zfaOppositions(stamp, zfa, eventTime, zone, sourceFiness));
        return out;
    }

    /**
     * ZFA-9 (PAM-FR 2.11: opposition to feeding the DMP, {@code IO} opposed, {@code INO} not opposed, {@code NA} not
     * asked, at ZFA-10), as on the ANS "Consentement_DMP_PAMFR" examples (hl7V2-exemples); then ZFA-6, break-glass.
     * ZFA-4 is the establishment's authorisation to <em>access</em> (read) the patient's DMP (PAM-FR "Autorisation
     * d'accès valide au DMP du patient pour l'établissement", not used since 2.9): it says nothing of feeding, and read
     * as an opposition an ordinary admission's {@code N} refused every later document of the patient, and a {@code Y}
     * lifted a real opposition (round 31, a tester with Mediboard's PAM-FR definitions).
     */
    private static List<EventItem> zfaOppositions(Stamp stamp, String[] zfa, Instant eventTime, ZoneId zone,
                                                  String sourceFiness) {
        List<EventItem> out = new ArrayList<>();
        Instant feedingTime = firstTime(zone, field(zfa, 10), null);
        // a coded value's first component (IO^Opposition): the code; the text after it was read as no value (an attacker)
        String feeding = field(zfa, 9).split("\\^", 2)[0].strip().toUpperCase(Locale.ROOT);
        if (feeding.equals("IO")) {
            out.add(stamp.valid(DossierEvent.Kind.OPPOSE, feedingTime != null ? feedingTime : eventTime, sourceFiness));
        } else if (feeding.equals("INO")) {
            out.add(stamp.valid(DossierEvent.Kind.WITHDRAW_OPPOSITION, feedingTime != null ? feedingTime : eventTime,
                    sourceFiness));
        }
        Instant oppositionTime = firstTime(zone, field(zfa, 8), null);
        String breakGlass = field(zfa, 6).toUpperCase(Locale.ROOT);
        if (breakGlass.equals("Y")) {
            out.add(stamp.valid(DossierEvent.Kind.EMERGENCY_OPPOSITION, oppositionTime != null ? oppositionTime : eventTime, null));
        } else if (breakGlass.equals("N")) {
            out.add(stamp.valid(DossierEvent.Kind.EMERGENCY_AUTHORISATION, oppositionTime != null ? oppositionTime : eventTime, null));
        }
        return out;
    }

    /** The ZFA segment's fields, read from the text (a local Z segment HAPI's model does not know). */
    static Optional<String[]> zfa(String er7) {
        for (String segment : er7.split("\r")) {
            if (segment.startsWith("ZFA") && segment.length() > 3) {
                return Optional.of(segment.split("\\" + segment.charAt(3), -1));
            }
        }
        return Optional.empty();
    }

    private static String field(String[] segment, int n) {
        return n < segment.length ? segment[n].strip() : "";
    }

    /** Whether two different INS values with valid keys stand under one INS OID (an INS-NIA beside an INS-NIR is one patient). */
    static boolean twoInsUnderOneOid(List<fr.dmp.ingest.format.PatientIdentifier> ids) {
        java.util.Map<String, String> byOid = new java.util.HashMap<>();
        for (fr.dmp.ingest.format.PatientIdentifier id : ids) {
            if (id.value() == null || fr.dmp.ingest.domain.InsOid.fromOid(id.oid()).isEmpty()
                    || fr.dmp.ingest.domain.Ins.problem(id.value()).isPresent()) {
                continue;
            }
            String value = id.value().replaceAll("\\s", "");
            String before = byOid.putIfAbsent(id.oid().strip(), value);
            if (before != null && !before.equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** @param segment a Terser path to the segment: {@code /.PID} for the first anywhere, {@code /PATIENT(1)/MRG} */
    private static List<PatientIdentifier> identifiers(Terser t, String segment, int field) throws HL7Exception {
        List<PatientIdentifier> ids = new ArrayList<>();
        for (int rep = 0; rep < 10; rep++) {
            String path = segment + "-" + field + "(" + rep + ")";
            String value = t.get(path + "-1");
            if (value == null || value.isBlank()) {
                if (rep > 0) {
                    break;
                }
                continue;
            }
            ids.add(new PatientIdentifier(value.strip(), t.get(path + "-4-2"), t.get(path + "-5")));
        }
        return ids;
    }

    private static Instant firstTime(ZoneId zone, String a, String b) {
        for (String s : new String[] {a, b}) {
            if (s != null && !s.isBlank()) {
                try {
                    return Hl7Time.instant(s, zone);
                } catch (DateTimeException e) {
                    // try the next one
                }
            }
        }
        return null;
    }

    /** A time written in the field: not blank, nor HL7's explicit null {@code ""}, which is no time (formats.md). */
    private static boolean written(String field) {
        return field != null && !field.isBlank() && !field.strip().equals("\"\"");
    }

    private static EventItem invalid(int index, ReasonCode reason, String detail) {
        return new EventItem.Invalid(index, Rejection.of(reason, detail));
    }

    private static String nz(String s) {
        return s == null ? "" : s.strip();
    }
}
