package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.Disposition.ItemOutcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** The per-item outcomes of a disposition, as stored in its {@code items} column (public for the bench's baseline rows). */
public final class DispositionJson {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private DispositionJson() {
    }

    public static String items(Disposition d) {
        ArrayNode a = JSON.createArrayNode();
        for (ItemOutcome i : d.items()) {
            ObjectNode n = a.addObject();
            n.put("index", i.index());
            n.put("kind", i.kind().name());
            if (i.typeCode() != null) {
                n.put("typeCode", i.typeCode());
            }
            if (i.reason() != null) {
                n.put("reason", i.reason().name());
                n.put("detail", i.detail());
            }
        }
        return a.toString();
    }

    static List<ItemOutcome> parse(String json) {
        JsonNode root = JSON.readTree(json);
        List<ItemOutcome> out = new ArrayList<>();
        for (JsonNode n : root) {
            out.add(new ItemOutcome(n.get("index").asInt(), ItemOutcome.Kind.valueOf(n.get("kind").asString()),
                    n.hasNonNull("typeCode") ? n.get("typeCode").asString() : null,
                    n.hasNonNull("reason") ? ReasonCode.valueOf(n.get("reason").asString()) : null,
                    n.hasNonNull("detail") ? n.get("detail").asString() : null));
        }
        return out;
    }
}
