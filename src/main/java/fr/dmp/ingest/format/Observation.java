package fr.dmp.ingest.format;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One structured result (an HL7 OBX or an HPRIM OBX line).
 *
 * @param seq           position in the document, from 1
 * @param valueType     NM, ST, TX, CE, CWE, SN, ...
 * @param numericValue  the value as a number when the type is numeric and it parses, else null
 */
public record Observation(
        int seq,
        String valueType,
        String code,
        String codeSystem,
        String display,
        String value,
        BigDecimal numericValue,
        String unit,
        String referenceRange,
        String abnormalFlags,
        String resultStatus,
        Instant observedAt) {

    /** The code only: a result's value is health data. */
    @Override
    public String toString() {
        return "Observation[" + seq + ", " + valueType + ", " + code + "]";
    }
}
