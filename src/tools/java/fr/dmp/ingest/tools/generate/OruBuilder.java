package fr.dmp.ingest.tools.generate;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds synthetic HL7 v2 ORU^R01 lab result messages in the ANS profile: INS in PID-3 with its OID,
 * the identity status in PID-32, the birth place in PID-11 (type BDL). Segments end with CR.
 */
public final class OruBuilder {

    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ").withZone(ZoneId.of("Europe/Paris"));

    /** A laboratory: its application name, its name and its FINESS. */
    public record Lab(String app, String name, String finess) {
    }

    public static final List<Lab> LABS = List.of(
            new Lab("GLIMS", "LABO-FICTIF-ALPHA", "750000101"),
            new Lab("MOLIS", "BIOLAB-ESSAI-NORD", "590000202"),
            new Lab("KALISIL", "LABO-DEMO-SUD", "130000303"),
            new Lab("SIL-TEST", "LABM-EXEMPLE-EST", "670000404"));

    private String version = "2.5";
    private String charsetField = "UNICODE UTF-8";
    private String controlId = "MSG-1";
    private Lab lab = LABS.get(0);
    private SyntheticPatient patient;
    private String pid3;
    private String identityStatus = "QUAL";
    private Instant time = Instant.parse("2026-11-20T07:00:00Z");
    private String resultStatus = "F";
    private String orderNumber = "CMD-1";
    private int observations = 5;
    private final List<String> extraObx = new ArrayList<>();
    private String comment;
    private long seed = 1;
    private String[] panel;

    public OruBuilder version(String v) {
        this.version = v;
        return this;
    }

    /** MSH-18 as written; null or empty for no declaration. */
    public OruBuilder charset(String c) {
        this.charsetField = c == null ? "" : c;
        return this;
    }

    public OruBuilder controlId(String id) {
        this.controlId = id;
        return this;
    }

    public OruBuilder lab(Lab l) {
        this.lab = l;
        return this;
    }

    public OruBuilder patient(SyntheticPatient p) {
        this.patient = p;
        return this;
    }

    /** Replaces PID-3 as written (for identifier edge cases). */
    public OruBuilder pid3(String raw) {
        this.pid3 = raw;
        return this;
    }

    public OruBuilder identityStatus(String s) {
        this.identityStatus = s == null ? "" : s;
        return this;
    }

    public OruBuilder time(Instant t) {
        this.time = t;
        return this;
    }

    public OruBuilder resultStatus(String s) {
        this.resultStatus = s;
        return this;
    }

    public OruBuilder orderNumber(String n) {
        this.orderNumber = n;
        return this;
    }

    public OruBuilder observations(int n) {
        this.observations = n;
        return this;
    }

    public OruBuilder extraObx(String segmentWithoutSetId) {
        this.extraObx.add(segmentWithoutSetId);
        return this;
    }

    public OruBuilder comment(String c) {
        this.comment = c;
        return this;
    }

    /** The order's test (OBR-4: a LOINC code and its label) instead of one drawn at random (the other draws unchanged). */
    public OruBuilder panel(String loinc, String label) {
        this.panel = new String[] {loinc, label};
        return this;
    }

    public OruBuilder seed(long s) {
        this.seed = s;
        return this;
    }

    public static String insCx(String ins, String oid) {
        return ins + "^^^ASIP-SANTE-INS-NIR&" + oid + "&ISO^INS";
    }

    public String build() {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(512);
        String msgTime = DTM.format(time.plusSeconds(3600));
        sb.append("MSH|^~\\&|").append(lab.app()).append('|').append(lab.name()).append("^1.2.250.1.71.4.2.2^ISO")
                .append("|DMP|DMP|").append(msgTime).append("||ORU^R01^ORU_R01|").append(controlId)
                .append("|P|").append(version).append("|||AL|NE|FRA|").append(charsetField).append('\r');
        String ids = pid3 != null ? pid3
                : insCx(patient.ins(), SyntheticPatient.TEST_OID) + "~" + (100000 + r.nextInt(900000))
                + "^^^" + lab.name() + "&1.2.250.1.71.4.2.2&ISO^PI";
        String given = patient.firstNames().get(0);
        String further = String.join(" ", patient.firstNames());
        sb.append("PID|1||").append(ids).append("||").append(patient.birthName()).append('^').append(given).append('^')
                .append(further).append("^^^^L||").append(patient.birthDate().toString().replace("-", ""))
                .append('|').append(patient.sex().name()).append("|||^^^^^^BDL^^").append(patient.birthPlace())
                .append("|||||||||||||||||||||").append(identityStatus).append('\r');
        sb.append("PV1|1|O\r");
        String[] drawn = LabTests.PANELS.get(r.nextInt(LabTests.PANELS.size()));
        String[] panel = this.panel != null ? this.panel : drawn;
        String obsTime = DTM.format(time);
        sb.append("ORC|RE|").append(orderNumber).append("|RES-").append(orderNumber).append('\r');
        sb.append("OBR|1|").append(orderNumber).append("|RES-").append(orderNumber).append('|').append(panel[0])
                .append('^').append(panel[1]).append("^LN|||").append(obsTime).append("|||||||||||||||")
                .append(msgTime).append("|||").append(resultStatus).append('\r');
        if (comment != null) {
            sb.append("NTE|1|L|").append(comment).append('\r');
        }
        int seq = 0;
        for (int i = 0; i < observations; i++) {
            LabTests.Test t = LabTests.pick(r);
            String v = LabTests.value(t, r);
            sb.append("OBX|").append(++seq).append("|NM|").append(t.loinc()).append('^').append(t.label())
                    .append("^LN||").append(v).append('|').append(t.unit()).append('|')
                    .append(String.format(java.util.Locale.ROOT, "%s-%s", trim(t.low()), trim(t.high()))).append('|')
                    .append(LabTests.flag(t, v)).append("|||").append(resultStatus).append("|||").append(obsTime).append('\r');
        }
        for (String extra : extraObx) {
            sb.append("OBX|").append(++seq).append('|').append(extra).append('\r');
        }
        return sb.toString();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
