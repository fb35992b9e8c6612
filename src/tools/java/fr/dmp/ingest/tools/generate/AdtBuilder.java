package fr.dmp.ingest.tools.generate;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Writes synthetic HL7 v2 ADT messages for the patient-events feed: A28/A31/A08 with a French PAM
 * {@code ZFA} segment, A03 with a death indicator, A40 merge (MRG).
 */
public final class AdtBuilder {

    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ").withZone(ZoneId.of("Europe/Paris"));

    private String event = "A31";
    private String structure = "ADT_A05";
    private String controlId = "ADT-1";
    private SyntheticPatient patient;
    private String ins;
    private Instant time = Instant.parse("2026-11-10T08:00:00Z");
    private Instant death;
    private String zfa;
    private String mergedIns;
    private String status = "QUAL";

    public AdtBuilder event(String event, String structure) {
        this.event = event;
        this.structure = structure;
        return this;
    }

    public AdtBuilder controlId(String id) {
        this.controlId = id;
        return this;
    }

    public AdtBuilder patient(SyntheticPatient p) {
        this.patient = p;
        this.ins = p.ins();
        return this;
    }

    /** Another matricule for the same person (a duplicate identity). */
    public AdtBuilder ins(String matricule) {
        this.ins = matricule;
        return this;
    }

    public AdtBuilder time(Instant t) {
        this.time = t;
        return this;
    }

    public AdtBuilder death(Instant at) {
        this.death = at;
        return this;
    }

    /**
     * ZFA fields (PAM France): DMP status, its date, closing date, ZFA-4/5 (access authorisation) empty, break-glass
     * opposition (Y/N), regulation-centre opposition, their date, then the consent to feeding in ZFA-9 (PAM-FR 2.11:
     * {@code "N"} written {@code IO}, opposed; {@code "Y"} written {@code INO}, not opposed) at ZFA-10.
     */
    public AdtBuilder zfa(String status, Instant statusAt, Instant closedAt, String feedingConsent, Instant consentAt,
                          String breakGlassOpposed, Instant oppositionsAt) {
        String zfa9 = switch (nz(feedingConsent)) {
            case "N" -> "IO";
            case "Y" -> "INO";
            default -> "";
        };
        this.zfa = "ZFA|" + nz(status) + "|" + ts(statusAt) + "|" + ts(closedAt) + "|||" + nz(breakGlassOpposed) + "|N|"
                + ts(oppositionsAt) + (zfa9.isEmpty() ? "" : "|" + zfa9 + "|" + ts(consentAt));
        return this;
    }

    /** PID-32, the identity status the establishment states ({@code QUAL} by default; null: none stated). */
    public AdtBuilder status(String identityStatus) {
        this.status = identityStatus;
        return this;
    }

    public AdtBuilder merged(String matricule) {
        this.mergedIns = matricule;
        return this;
    }

    public String build() {
        String now = DTM.format(time);
        StringBuilder sb = new StringBuilder();
        sb.append("MSH|^~\\&|GAM-FICTIF|CH-FICTIF^1.2.250.1.71.4.2.2^ISO|DMP|DMP|").append(now).append("||ADT^").append(event)
                .append('^').append(structure).append('|').append(controlId).append("|P|2.5|||AL|NE|FRA|UNICODE UTF-8\r");
        sb.append("EVN|").append(event).append('|').append(now).append('\r');
        String[] pid = new String[33];
        java.util.Arrays.fill(pid, "");
        pid[1] = "1";
        pid[3] = OruBuilder.insCx(ins, SyntheticPatient.TEST_OID);
        pid[5] = patient.birthName() + "^" + patient.firstNames().get(0) + "^" + String.join(" ", patient.firstNames()) + "^^^^L";
        pid[7] = patient.birthDate().toString().replace("-", "");
        pid[8] = patient.sex().name();
        pid[11] = "^^^^^^BDL^^" + patient.birthPlace();
        if (death != null) {
            pid[29] = ts(death);
            pid[30] = "Y";
        }
        pid[32] = nz(status);
        sb.append("PID").append(String.join("|", pid)).append('\r');
        if (mergedIns != null) {
            sb.append("MRG|").append(OruBuilder.insCx(mergedIns, SyntheticPatient.TEST_OID)).append('\r'); // before PV1 (ADT_A39)
        }
        sb.append("PV1|1|N\r");
        if (zfa != null) {
            sb.append(zfa).append('\r');
        }
        return sb.toString();
    }

    private static String ts(Instant i) {
        return i == null ? "" : DTM.format(i);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
