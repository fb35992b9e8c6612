package fr.dmp.ingest.tools.generate;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Writes synthetic HL7 v2 MDM^T02 (new document) and MDM^T10 (replacement) messages: TXA carries the
 * document's unique id, type and confidentiality; OBX carries the document, base64 in an ED or as text.
 */
public final class MdmBuilder {

    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ").withZone(ZoneId.of("Europe/Paris"));

    private String event = "T02";
    private String controlId = "MDM-1";
    private SyntheticPatient patient;
    private String documentId = "DOC-1";
    private String parentId;
    private String typeCode = "11490-0";
    private String confidentiality = "N";
    private Instant time = Instant.parse("2026-11-19T10:00:00Z");
    private byte[] document;
    private String subtype = "PDF";
    private String brokenBase64;
    private String text;

    public MdmBuilder replacement(String parentDocumentId) {
        this.event = "T10";
        this.parentId = parentDocumentId;
        return this;
    }

    public MdmBuilder controlId(String id) {
        this.controlId = id;
        return this;
    }

    public MdmBuilder patient(SyntheticPatient p) {
        this.patient = p;
        return this;
    }

    /** TXA-12 entity identifier (the universal id is the sender's OID). */
    public MdmBuilder documentId(String id) {
        this.documentId = id;
        return this;
    }

    public MdmBuilder typeCode(String code) {
        this.typeCode = code;
        return this;
    }

    public MdmBuilder confidentiality(String code) {
        this.confidentiality = code;
        return this;
    }

    public MdmBuilder time(Instant t) {
        this.time = t;
        return this;
    }

    public MdmBuilder pdf(byte[] pdf) {
        this.document = pdf;
        this.subtype = "PDF";
        return this;
    }

    public MdmBuilder cda(String cda) {
        this.document = cda.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.subtype = "XML";
        return this;
    }

    public MdmBuilder brokenBase64(String data) {
        this.brokenBase64 = data;
        return this;
    }

    public MdmBuilder text(String t) {
        this.text = t;
        return this;
    }

    public static String uniqueId(String documentId) {
        return "1.2.250.1.213.1.1.9.7^" + documentId;
    }

    public String build() {
        String now = DTM.format(time);
        StringBuilder sb = new StringBuilder();
        sb.append("MSH|^~\\&|DPI-FICTIF|CH-FICTIF^1.2.250.1.71.4.2.2^ISO|DMP|DMP|").append(now).append("||MDM^").append(event)
                .append("^MDM_T02|").append(controlId).append("|P|2.6|||AL|NE|FRA|UNICODE UTF-8\r");
        sb.append("EVN|").append(event).append('|').append(now).append('\r');
        sb.append("PID|1||").append(OruBuilder.insCx(patient.ins(), SyntheticPatient.TEST_OID)).append("||")
                .append(patient.birthName()).append('^').append(patient.firstNames().get(0)).append('^')
                .append(String.join(" ", patient.firstNames())).append("^^^^L||")
                .append(patient.birthDate().toString().replace("-", "")).append('|').append(patient.sex().name())
                .append("|||^^^^^^BDL^^").append(patient.birthPlace()).append("|||||||||||||||||||||QUAL\r");
        sb.append("PV1|1|I\r");
        sb.append("TXA|1|").append(typeCode).append("|AP|").append(now).append("||").append(now).append("||||||")
                .append(documentId).append("^^1.2.250.1.213.1.1.9.7^ISO|");
        if (parentId != null) {
            sb.append(parentId).append("^^1.2.250.1.213.1.1.9.7^ISO");
        }
        sb.append("||||AU|").append(confidentiality).append("|AV\r");
        if (text != null) {
            int i = 0;
            for (String line : text.split("\n")) {
                sb.append("OBX|").append(++i).append("|TX|").append(typeCode).append("^Document^LN||")
                        .append(line.replace("|", "\\F\\").replace("^", "\\S\\").replace("&", "\\T\\")
                                .replace("~", "\\R\\")).append("||||||F\r");
            }
        } else {
            String data = brokenBase64 != null ? brokenBase64 : Base64.getEncoder().encodeToString(document);
            sb.append("OBX|1|ED|").append(typeCode).append("^Document^LN||^")
                    .append("XML".equals(subtype) ? "TEXT" : "application").append('^').append(subtype)
                    .append("^Base64^").append(data).append("||||||F\r");
        }
        return sb.toString();
    }
}
