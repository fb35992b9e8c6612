package fr.dmp.ingest.format.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.datatype.CX;
import ca.uhn.hl7v2.model.v26.datatype.HD;
import ca.uhn.hl7v2.model.v26.datatype.IS;
import ca.uhn.hl7v2.model.v26.datatype.XAD;
import ca.uhn.hl7v2.model.v26.datatype.XPN;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v26.message.MDM_T02;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.model.v26.segment.MSH;
import ca.uhn.hl7v2.model.v26.segment.NTE;
import ca.uhn.hl7v2.model.v26.segment.OBR;
import ca.uhn.hl7v2.model.v26.segment.OBX;
import ca.uhn.hl7v2.model.v26.segment.PID;
import ca.uhn.hl7v2.model.v26.segment.TXA;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.FirstNames;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.Content;
import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.EmbeddedBytes;
import fr.dmp.ingest.format.FormatReader;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.format.PatientIdentifier;
import fr.dmp.ingest.format.PatientRef;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.TextCharsets;
import fr.dmp.ingest.format.TypeHint;
import fr.dmp.ingest.format.Unreadable;
import fr.dmp.ingest.format.cda.CdaReader;
import fr.dmp.ingest.format.pdf.PdfReader;
import fr.dmp.ingest.format.pdf.PdfText;
import fr.dmp.ingest.format.Base64Bounded;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static fr.dmp.ingest.format.hl7.Hl7Fields.*;

/** The patient of an HL7 v2 PID segment (formats.md, ins.md): identifiers, stated identity status, traits. */
public final class Hl7Patient {

    private Hl7Patient() {
    }

    /** An INSEE commune code's shape: five characters, digits and 2A/2B for Corsica. */
    private static final java.util.regex.Pattern INSEE_SHAPE = java.util.regex.Pattern.compile("[0-9][0-9AB][0-9]{3}");

    /** The patient of a PID segment: identifiers, stated identity status, traits (also for ADT events). */
    public static PatientRef of(PID pid, List<Rejection> problems) {
        List<PatientIdentifier> ids = new ArrayList<>();
        for (CX cx : pid.getPatientIdentifierList()) {
            String value = value(cx.getIDNumber());
            if (value == null) {
                continue;
            }
            HD authority = cx.getAssigningAuthority();
            ids.add(new PatientIdentifier(value, value(authority.getUniversalID()), value(cx.getIdentifierTypeCode())));
        }
        XPN birthName = null;
        int best = Integer.MAX_VALUE;
        for (XPN xpn : pid.getPatientName()) {
            int rank = birthNameRank(value(xpn.getNameTypeCode()));
            if (rank < best) {
                best = rank;
                birthName = xpn;
            }
        }
        String family = null;
        List<String> firstNames = new ArrayList<>();
        boolean firstNamesWrittenOut = false;
        if (birthName != null) {
            family = hexUnescaped(value(birthName.getFamilyName().getSurname()));
            // PID-5.2 is one first name, kept whole ("Marie Claire"); PID-5.3 the list written out, which French
            // senders start with PID-5.2 again (ins.md: the first names are a list)
            String given = hexUnescaped(value(birthName.getGivenName()));
            String further = hexUnescaped(value(birthName.getSecondAndFurtherGivenNamesOrInitialsThereof()));
            firstNames = FirstNames.of(given, further);
            firstNamesWrittenOut = FirstNames.writtenOut(given, further);
        }
        BirthDate birthDate = null;
        String rawBirth = value(pid.getDateTimeOfBirth());
        try {
            birthDate = BirthDate.digits(rawBirth); // YYYY or YYYYMM when only that is known (HL7 DTM precision)
        } catch (DateTimeException e) {
            problems.add(Rejection.of(ReasonCode.DATE_INVALID, "PID-7 birth date unparseable"));
        }
        String birthPlace = null;
        for (XAD xad : pid.getPatientAddress()) {
            if ("BDL".equalsIgnoreCase(value(xad.getAddressType()))) {
                birthPlace = value(xad.getCountyParishCode());
            }
        }
        String pid23 = value(pid.getBirthPlace());
        // PID-23 is free text in HL7 (ST): a town's name there ("PARIS", "PARIS 14E") is no INSEE code and no error, and
        // refused every document of a qualified identity (round 28, a tester); only a value of the code's shape is taken
        if (birthPlace == null && pid23 != null && INSEE_SHAPE.matcher(pid23.strip()).matches()) {
            birthPlace = pid23.strip();
        }
        String status = null;
        for (IS code : pid.getIdentityReliabilityCode()) {
            String v = value(code);
            if (v != null) {
                status = v;
                break;
            }
        }
        Traits traits = new Traits(family, firstNames, Sex.parse(value(pid.getAdministrativeSex())), birthDate, birthPlace,
                firstNamesWrittenOut);
        return new PatientRef(ids, status, traits);
    }


    /**
     * Which PID-5 repetition holds the birth name and first names (table 0200): {@code L} (legal: the birth name in the
     * French PAM profile), then {@code B} (birth) or {@code M} (maiden), then one without type or {@code U}. A name of
     * usage ({@code D}), an alias, a nickname or any other type is never read as the birth name (round 17: a PID-5
     * holding only a usage name opened a dossier with it, where a CDA's {@code SP} alone is no birth name).
     */
    static int birthNameRank(String nameType) {
        if (nameType == null || nameType.isBlank()) {
            return 3;
        }
        return switch (nameType.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "L" -> 0;
            case "B", "M" -> 1;
            case "U" -> 3;
            default -> Integer.MAX_VALUE;
        };
    }
}
