package fr.dmp.ingest.tools.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Builds synthetic HPRIM Santé 2.2 lab result messages (H, P, OBR, C, OBX, L), and the older HPRIM Net
 * form with {@link #buildNet()}. Synthetic patients only (never real patient data).
 *
 * <p>Conventions, those the reader (format/hprim/HprimReader) expects:
 * <ul>
 *   <li>delimiters declared in H.2, by default {@code |~^\&} (component {@code ~}, repetition
 *       {@code ^}); any other set can be chosen with {@link #delimiters(String)};</li>
 *   <li>H.3 the message name, H.5 {@code FINESS~laboratory name}, H.7 {@code ORU}, H.14 the message
 *       date {@code YYYYMMDDHHMM};</li>
 *   <li>the INS in P.5 as {@code <matricule>~~~<OID>~INS} with the TEST OID 1.2.250.1.213.1.4.10;
 *       P.3 the requester's id, P.4 the laboratory's id; P.6 {@code NOM~Prénom~autres prénoms}, P.7
 *       the birth name, P.8 the birth date, P.9 the sex;</li>
 *   <li>lines longer than {@link #lineLimit(int)} characters (220 in HPRIM) continue on {@code A}
 *       lines.</li>
 * </ul>
 */
public final class HprimBuilder {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(PARIS);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private char field = '|';
    private char component = '~';
    private char repetition = '^';
    private char escape = '\\';
    private char subComponent = '&';
    private String lineEnd = "\r\n";
    private int lineLimit = 220;
    private String messageName = "HPRIM001.HPR";
    private OruBuilder.Lab lab = OruBuilder.LABS.get(0);
    private SyntheticPatient patient;
    private String insField;
    private Instant time = Instant.parse("2026-11-20T07:00:00Z");
    private String resultStatus = "F";
    private String orderNumber = "CMD-1";
    private int observations = 5;
    private String comment;
    private boolean commaDecimals;
    private long seed = 1;

    /** The delimiters as declared after H: field, component, repetition, escape, sub-component. */
    public HprimBuilder delimiters(String five) {
        if (five.length() != 5) {
            throw new IllegalArgumentException("five delimiter characters expected");
        }
        this.field = five.charAt(0);
        this.component = five.charAt(1);
        this.repetition = five.charAt(2);
        this.escape = five.charAt(3);
        this.subComponent = five.charAt(4);
        return this;
    }

    /** "\r", "\n" or "\r\n" (the default). */
    public HprimBuilder lineEnd(String end) {
        this.lineEnd = end;
        return this;
    }

    /** Lines longer than this continue on A lines; 0 for no limit. */
    public HprimBuilder lineLimit(int limit) {
        this.lineLimit = limit;
        return this;
    }

    public HprimBuilder messageName(String name) {
        this.messageName = name;
        return this;
    }

    public HprimBuilder lab(OruBuilder.Lab l) {
        this.lab = l;
        return this;
    }

    public HprimBuilder patient(SyntheticPatient p) {
        this.patient = p;
        return this;
    }

    /** Replaces P.5 as written (for identifier edge cases). */
    public HprimBuilder insField(String raw) {
        this.insField = raw;
        return this;
    }

    public HprimBuilder time(Instant t) {
        this.time = t;
        return this;
    }

    public HprimBuilder resultStatus(String s) {
        this.resultStatus = s;
        return this;
    }

    public HprimBuilder orderNumber(String n) {
        this.orderNumber = n;
        return this;
    }

    public HprimBuilder observations(int n) {
        this.observations = n;
        return this;
    }

    /** A C record after the OBR; escaped as needed. */
    public HprimBuilder comment(String c) {
        this.comment = c;
        return this;
    }

    /** Numeric values written with a decimal comma, as many French laboratories do. */
    public HprimBuilder commaDecimals(boolean b) {
        this.commaDecimals = b;
        return this;
    }

    public HprimBuilder seed(long s) {
        this.seed = s;
        return this;
    }

    /** The P.5 value of the INS convention: {@code <matricule>~~~<OID>~INS} with this builder's component. */
    public String insComponents(String ins, String oid) {
        return ins + component + component + component + oid + component + "INS";
    }

    /** One HPRIM Santé message, H to L, each line ended with {@link #lineEnd(String)}. */
    public String build() {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(1024);
        String msgTime = STAMP.format(time.plusSeconds(3600));
        String obsTime = STAMP.format(time);
        emit(sb, "H" + field + component + repetition + escape + subComponent
                + join(3, new String[] {messageName, "", esc(lab.finess()) + component + esc(lab.name()), "", "ORU", "",
                        "", "DMP" + component + "DMP", "", "P", "H2.2" + component + "C", msgTime}));
        String given = patient.firstNames().get(0);
        String further = String.join(" ", patient.firstNames().subList(1, patient.firstNames().size()));
        String p5 = insField != null ? insField : insComponents(patient.ins(), SyntheticPatient.TEST_OID);
        emit(sb, "P" + join(2, new String[] {"1", "IPP" + (100000 + r.nextInt(900000)), "LAB" + (1000000 + r.nextInt(9000000)),
                p5, esc(patient.birthName()) + component + esc(given) + (further.isEmpty() ? "" : component + esc(further)),
                esc(patient.birthName()), patient.birthDate().toString().replace("-", ""), patient.sex().name()}));
        String[] panel = LabTests.PANELS.get(r.nextInt(LabTests.PANELS.size()));
        String[] obr = new String[25];
        obr[0] = "1";
        obr[1] = esc(orderNumber);
        obr[2] = "RES-" + esc(orderNumber);
        obr[3] = panel[0] + component + esc(panel[1]) + component + "LN";
        obr[4] = "R";
        obr[5] = obsTime;
        obr[6] = obsTime;
        obr[13] = obsTime;
        obr[21] = msgTime;
        obr[24] = resultStatus;
        emit(sb, "OBR" + join(2, obr));
        if (comment != null) {
            emit(sb, "C" + join(2, new String[] {"1", "L", esc(comment), "G"}));
        }
        for (int i = 1; i <= observations; i++) {
            LabTests.Test t = LabTests.pick(r);
            String v = LabTests.value(t, r);
            String written = commaDecimals ? v.replace('.', ',') : v;
            String range = trim(t.low()) + "-" + trim(t.high());
            emit(sb, "OBX" + join(2, new String[] {Integer.toString(i), "NM",
                    t.loinc() + component + esc(t.label()) + component + "LN", "", written, esc(t.unit()),
                    commaDecimals ? range.replace('.', ',') : range, LabTests.flag(t, v), "", "", resultStatus, "", "",
                    obsTime}));
        }
        emit(sb, "L" + field + "1");
        return sb.toString();
    }

    /**
     * One HPRIM Net report: the 12 header lines (the INS-shaped number in line 8, where HPRIM Net puts
     * the social security number, without any OID), a line of text, the results between
     * {@code ****LAB****} and {@code ****FINLAB****}, then {@code ****FIN****}.
     */
    public String buildNet() {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(1024);
        String[] panel = LabTests.PANELS.get(r.nextInt(LabTests.PANELS.size()));
        String[] header = {"P" + (100000 + r.nextInt(900000)), patient.birthName(), String.join(" ", patient.firstNames()),
                "1 rue de l'Exemple-Fictif", "", "75000 VILLE-FICTIVE", DAY.format(patient.birthDate()), patient.ins(),
                orderNumber, DAY.format(time.atZone(PARIS).toLocalDate()), lab.finess(), "DR MEDECIN-FICTIF"};
        for (String h : header) {
            sb.append(h).append(lineEnd);
        }
        sb.append(panel[1]).append(lineEnd);
        if (comment != null) {
            sb.append(comment).append(lineEnd);
        }
        sb.append("****LAB****").append(lineEnd);
        for (int i = 1; i <= observations; i++) {
            LabTests.Test t = LabTests.pick(r);
            String v = LabTests.value(t, r);
            String written = commaDecimals ? v.replace('.', ',') : v;
            sb.append(String.join("|", "RES", t.label(), t.loinc(), "N", written, t.unit(), trim(t.low()), trim(t.high()),
                    LabTests.flag(t, v), resultStatus)).append(lineEnd);
        }
        sb.append("****FINLAB****").append(lineEnd);
        sb.append("****FIN****").append(lineEnd);
        return sb.toString();
    }

    /**
     * Writes {@code count} HPRIM Santé messages, one after the other, for patients of {@code pool}
     * (laboratories, times, orders, result counts and decimal style varying with the message number),
     * one message in memory at a time. Returns the number of bytes written. Like an archive, each
     * message is 7 minutes older than the one before: the 250,000 of a 300 MB archive go back some 3 years,
     * never into the future.
     */
    public static long writeMessages(OutputStream out, int count, List<SyntheticPatient> pool, long seed,
                                     Charset charset) throws IOException {
        return writeMessages(out, 0, count, pool, seed, charset);
    }

    /** Messages number {@code first} to {@code first + count - 1} of the same archive. */
    public static long writeMessages(OutputStream out, int first, int count, List<SyntheticPatient> pool, long seed,
                                     Charset charset) throws IOException {
        Instant base = Instant.parse("2026-11-02T06:30:00Z");
        long written = 0;
        for (int i = first; i < first + count; i++) {
            HprimBuilder b = new HprimBuilder()
                    .messageName(String.format(Locale.ROOT, "HPR%05d.HPR", i % 100000))
                    .lab(OruBuilder.LABS.get(i % OruBuilder.LABS.size()))
                    .patient(pool.get(i % pool.size()))
                    .time(base.minusSeconds(420L * i))
                    .orderNumber("CMD-" + (100000 + i))
                    .observations(1 + (i * 7) % 25)
                    .commaDecimals(i % 2 == 1)
                    .seed(seed + i);
            if (i % 5 == 0) {
                b.comment("Prélèvement hémolysé | contrôle à prévoir ~ résultat à confirmer");
            }
            byte[] bytes = b.build().getBytes(charset);
            out.write(bytes);
            written += bytes.length;
        }
        return written;
    }

    // ---- writing --------------------------------------------------------------------------------

    /** Fields from {@code firstField} (HPRIM numbering), each preceded by the field separator. */
    private String join(int firstField, String[] fields) {
        int last = fields.length;
        while (last > 0 && (fields[last - 1] == null || fields[last - 1].isEmpty())) {
            last--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < last; i++) {
            sb.append(field).append(fields[i] == null ? "" : fields[i]);
        }
        return sb.toString();
    }

    /** A record on one line, or on continuation A lines past the line limit. */
    private void emit(StringBuilder sb, String record) {
        if (lineLimit <= 2 || record.length() <= lineLimit) {
            sb.append(record).append(lineEnd);
            return;
        }
        sb.append(record, 0, lineLimit).append(lineEnd);
        int pos = lineLimit;
        while (pos < record.length()) {
            int end = Math.min(record.length(), pos + lineLimit - 2);
            sb.append('A').append(field).append(record, pos, end).append(lineEnd);
            pos = end;
        }
    }

    /** Text with the declared delimiters escaped (\E\ \F\ \S\ \R\ \T\). */
    String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == escape) {
                sb.append(escape).append('E').append(escape);
            } else if (c == field) {
                sb.append(escape).append('F').append(escape);
            } else if (c == component) {
                sb.append(escape).append('S').append(escape);
            } else if (c == repetition) {
                sb.append(escape).append('R').append(escape);
            } else if (c == subComponent) {
                sb.append(escape).append('T').append(escape);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
