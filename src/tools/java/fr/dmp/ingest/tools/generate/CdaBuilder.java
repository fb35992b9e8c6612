package fr.dmp.ingest.tools.generate;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * Writes synthetic CDA R2 documents in the CI-SIS shape: the header (id, setId and versionNumber, code,
 * title, effectiveTime, confidentiality, recordTarget with the INS and traits, author organisation,
 * optional relatedDocument RPLC) and either a structured body of sections or a nonXMLBody PDF.
 */
public final class CdaBuilder {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ").withZone(ZoneId.of("Europe/Paris"));

    private String idRoot = "1.2.250.1.213.1.1.9";
    private String idExtension = "CDA-1";
    private String setId = "SET-1";
    private int version = 1;
    private String replaces;
    private String typeCode = "11490-0";
    private String typeDisplay = "Lettre de liaison à la sortie d'un établissement de soins";
    private String title = "Lettre de liaison";
    private Instant time = Instant.parse("2026-11-18T15:00:00Z");
    private String confidentiality = "N";
    private SyntheticPatient patient;
    private String insOid = SyntheticPatient.TEST_OID;
    private String insOverride;
    private boolean recordTarget = true;
    private String finess = "750000001";
    /** CDA R2 gives a structured body one section at least (an empty one is refused, round 27): a letter's, unless set. */
    private List<String[]> sections = List.<String[]>of(new String[] {"18776-5", "Traitement de sortie", "Pas de traitement nouveau."});
    private byte[] pdfBody;
    private String prolog = "";

    public CdaBuilder id(String root, String extension) {
        this.idRoot = root;
        this.idExtension = extension;
        return this;
    }

    public CdaBuilder version(String setId, int version) {
        this.setId = setId;
        this.version = version;
        return this;
    }

    /** Replaces the document {@code root^extension} (relatedDocument RPLC, rules.md R13). */
    public CdaBuilder replaces(String uniqueId) {
        this.replaces = uniqueId;
        return this;
    }

    public CdaBuilder type(String code, String display, String title) {
        this.typeCode = code;
        this.typeDisplay = display;
        this.title = title;
        return this;
    }

    public CdaBuilder time(Instant t) {
        this.time = t;
        return this;
    }

    public CdaBuilder confidentiality(String code) {
        this.confidentiality = code;
        return this;
    }

    public CdaBuilder patient(SyntheticPatient p) {
        this.patient = p;
        return this;
    }

    /** Files the document under another matricule than the patient's (a duplicate identity). */
    public CdaBuilder insOverride(String matricule) {
        this.insOverride = matricule;
        return this;
    }

    public CdaBuilder insOid(String oid) {
        this.insOid = oid;
        return this;
    }

    public CdaBuilder withoutRecordTarget() {
        this.recordTarget = false;
        return this;
    }

    public CdaBuilder author(String finess) {
        this.finess = finess;
        return this;
    }

    /** Sections as {LOINC code, title, text}. */
    public CdaBuilder sections(List<String[]> sections) {
        this.sections = sections;
        return this;
    }

    public CdaBuilder pdfBody(byte[] pdf) {
        this.pdfBody = pdf;
        return this;
    }

    /** Text before the root element, e.g. a DOCTYPE (to build hostile samples). */
    public CdaBuilder prolog(String text) {
        this.prolog = text;
        return this;
    }

    public String build() {
        StringBuilder x = new StringBuilder(4096);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").append(prolog);
        x.append("<ClinicalDocument xmlns=\"urn:hl7-org:v3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
        x.append("  <realmCode code=\"FR\"/>\n  <typeId root=\"2.16.840.1.113883.1.3\" extension=\"POCD_HD000040\"/>\n");
        x.append("  <templateId root=\"2.16.840.1.113883.2.8.2.1\"/>\n");
        x.append("  <id root=\"").append(idRoot).append("\" extension=\"").append(idExtension).append("\"/>\n");
        x.append("  <code code=\"").append(typeCode).append("\" codeSystem=\"2.16.840.1.113883.6.1\" displayName=\"")
                .append(xml(typeDisplay)).append("\"/>\n");
        x.append("  <title>").append(xml(title)).append("</title>\n");
        x.append("  <effectiveTime value=\"").append(TS.format(time)).append("\"/>\n");
        x.append("  <confidentialityCode code=\"").append(confidentiality).append("\" codeSystem=\"2.16.840.1.113883.5.25\"/>\n");
        x.append("  <languageCode code=\"fr-FR\"/>\n");
        x.append("  <setId root=\"").append(idRoot).append(".1\" extension=\"").append(setId).append("\"/>\n");
        x.append("  <versionNumber value=\"").append(version).append("\"/>\n");
        if (recordTarget) {
            x.append("  <recordTarget>\n    <patientRole>\n");
            x.append("      <id root=\"").append(insOid).append("\" extension=\"")
                    .append(insOverride != null ? insOverride : patient.ins()).append("\"/>\n");
            x.append("      <id root=\"1.2.250.1.71.4.2.2.1\" extension=\"IPP-").append(patient.ins().substring(9)).append("\"/>\n");
            x.append("      <patient>\n        <name>\n");
            x.append("          <given>").append(xml(String.join(" ", patient.firstNames()))).append("</given>\n");
            x.append("          <family qualifier=\"BR\">").append(xml(patient.birthName())).append("</family>\n");
            x.append("        </name>\n");
            x.append("        <administrativeGenderCode code=\"").append(patient.sex().name())
                    .append("\" codeSystem=\"2.16.840.1.113883.5.1\"/>\n");
            x.append("        <birthTime value=\"").append(patient.birthDate().toString().replace("-", "")).append("\"/>\n");
            x.append("        <birthplace><place><addr><county>").append(patient.birthPlace())
                    .append("</county></addr></place></birthplace>\n");
            x.append("      </patient>\n    </patientRole>\n  </recordTarget>\n");
        }
        x.append("  <author>\n    <time value=\"").append(TS.format(time)).append("\"/>\n    <assignedAuthor>\n");
        x.append("      <id root=\"1.2.250.1.71.4.2.1\" extension=\"810000000001\"/>\n");
        x.append("      <assignedPerson><name><family>ESSAI</family><given>Docteur</given></name></assignedPerson>\n");
        x.append("      <representedOrganization>\n        <id root=\"1.2.250.1.71.4.2.2\" extension=\"").append(finess)
                .append("\"/>\n        <name>Centre Hospitalier Fictif</name>\n      </representedOrganization>\n");
        x.append("    </assignedAuthor>\n  </author>\n");
        x.append("  <custodian><assignedCustodian><representedCustodianOrganization><id root=\"1.2.250.1.71.4.2.2\" extension=\"")
                .append(finess).append("\"/></representedCustodianOrganization></assignedCustodian></custodian>\n");
        if (replaces != null) {
            String[] parts = replaces.split("\\^", 2);
            x.append("  <relatedDocument typeCode=\"RPLC\"><parentDocument><id root=\"").append(parts[0]).append('"');
            if (parts.length > 1) {
                x.append(" extension=\"").append(parts[1]).append('"');
            }
            x.append("/></parentDocument></relatedDocument>\n");
        }
        x.append("  <component>\n");
        if (pdfBody != null) {
            x.append("    <nonXMLBody>\n      <text mediaType=\"application/pdf\" representation=\"B64\">");
            x.append(Base64.getMimeEncoder(76, "\n".getBytes()).encodeToString(pdfBody));
            x.append("</text>\n    </nonXMLBody>\n");
        } else {
            x.append("    <structuredBody>\n");
            for (String[] s : sections) {
                x.append("      <component><section>\n        <code code=\"").append(s[0])
                        .append("\" codeSystem=\"2.16.840.1.113883.6.1\"/>\n        <title>").append(xml(s[1]))
                        .append("</title>\n        <text>").append(xml(s[2])).append("</text>\n      </section></component>\n");
            }
            x.append("    </structuredBody>\n");
        }
        x.append("  </component>\n</ClinicalDocument>\n");
        return x.toString();
    }

    public String uniqueId() {
        return idRoot + "^" + idExtension;
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
