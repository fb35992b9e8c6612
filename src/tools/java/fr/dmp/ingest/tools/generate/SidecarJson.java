package fr.dmp.ingest.tools.generate;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** Writes sidecars ({@code <name>.pdf.json}, schema/sidecar.schema.json) for synthetic PDFs. */
public final class SidecarJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SidecarJson() {
    }

    public static String of(SyntheticPatient p, String ins, String identityStatus, String typeCode, String title,
                            String finess, Instant created, List<String> confidentiality, String replaces, String id) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode patient = root.putObject("patient");
        patient.put("ins", ins);
        patient.put("oid", SyntheticPatient.TEST_OID);
        patient.put("identityStatus", identityStatus);
        patient.put("birthName", p.birthName());
        var first = patient.putArray("firstNames");
        p.firstNames().forEach(first::add);
        patient.put("sex", p.sex().name());
        patient.put("birthDate", p.birthDate().toString());
        patient.put("birthPlace", p.birthPlace());
        ObjectNode doc = root.putObject("document");
        if (id != null) {
            doc.put("id", id);
        }
        if (typeCode != null) {
            doc.put("typeCode", typeCode);
        }
        if (title != null) {
            doc.put("title", title);
        }
        doc.put("authorOrganisation", finess);
        doc.put("creationTime", created.toString());
        if (confidentiality != null && !confidentiality.isEmpty()) {
            var c = doc.putArray("confidentiality");
            confidentiality.forEach(c::add);
        }
        if (replaces != null) {
            doc.put("replaces", replaces);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    public static String of(SyntheticPatient p, String typeCode, String title, String finess, Instant created) {
        return of(p, p.ins(), "QUAL", typeCode, title, finess, created, List.of("N"), null, null);
    }
}
