package fr.dmp.ingest.domain;

import fr.dmp.ingest.store.StoreException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionTest {

    /** A quarantined INTERNAL_ERROR named only "StoreException" (LargeFileTest, once): the operator needs the SQLState. */
    @Test
    void anInternalErrorNamesTheStoresErrorClassAndSqlStateButNeverALibrarysMessage() {
        SQLException pg = new SQLException("ERROR: duplicate key value violates unique constraint; Key (ins)=(279035121518989) exists", "23505");
        Rejection store = Rejection.internalError(new StoreException("document write failed", pg));
        assertThat(store.reason()).isEqualTo(ReasonCode.INTERNAL_ERROR);
        assertThat(store.detail()).startsWith("fr.dmp.ingest.store.StoreException: document write failed")
                .contains("SQLException").contains("SQLState 23505").doesNotContain("279035121518989").doesNotContain("Key (ins)");
        Rejection library = Rejection.internalError(new IllegalStateException("patient FICTIF Zoé 279035121518989"));
        assertThat(library.detail()).isEqualTo("java.lang.IllegalStateException");
    }
}
