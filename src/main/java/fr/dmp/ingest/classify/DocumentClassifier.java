package fr.dmp.ingest.classify;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.TypeHint;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives every document a DMP type from the catalogue. Structured sources decide first: a lab result
 * message (HL7 ORU^R01, an HPRIM lab message) is a lab report ({@code 11502-2}, codes.md) and a type
 * code the source states is taken when it is in the catalogue. A document nothing decides is refused
 * with {@code TYPE_UNKNOWN}.
 */
public final class DocumentClassifier {

    static final String LAB_REPORT = "11502-2";
    /** The hint an HPRIM reader gives every lab result message (format/hprim). */
    static final String HPRIM_MESSAGE = "HPRIM-message";
    static final String HPRIM_LAB = "HPRIM-LAB";

    private final Catalogue catalogue;

    public DocumentClassifier(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public Verdict<ClassifiedDocument> classify(SourceDocument doc) {
        List<String> evidence = new ArrayList<>();
        for (TypeHint hint : doc.meta().typeHints()) {
            if ("HL7v2-message-type".equals(hint.codeSystem()) && "ORU^R01".equals(hint.code())) {
                evidence.add(hint.evidence() + "=ORU^R01");
                return accept(doc, catalogue.require(LAB_REPORT), 1.0, evidence);
            }
            if (HPRIM_MESSAGE.equals(hint.codeSystem()) && HPRIM_LAB.equals(hint.code())) {
                evidence.add(hint.evidence() + "=" + HPRIM_LAB);
                return accept(doc, catalogue.require(LAB_REPORT), 1.0, evidence);
            }
            var type = catalogue.type(hint.code());
            if (type.isPresent()) {
                evidence.add(hint.evidence() + "=" + hint.code());
                return accept(doc, type.get(), 1.0, evidence);
            }
            var alias = catalogue.alias(hint.code());
            if (alias.isPresent()) {
                evidence.add(hint.evidence() + "=" + hint.code());
                evidence.add("alias:" + hint.code() + "->" + alias.get().mapsTo().code());
                return accept(doc, alias.get().mapsTo(), 1.0, evidence);
            }
        }
        return Verdict.refuse(ReasonCode.TYPE_UNKNOWN, "no structured type and no classifier for this format");
    }

    private static Verdict<ClassifiedDocument> accept(SourceDocument doc, DocumentType type, double confidence,
                                                      List<String> evidence) {
        return Verdict.accept(new ClassifiedDocument(doc, new Classification(type, confidence, "structured", evidence)));
    }
}
