package fr.dmp.ingest.domain;

/** The application cannot start as configured (a missing key, a folder it cannot write): one line. */
public class ConfigurationFailure extends IllegalStateException implements SafeToPrint {
    public ConfigurationFailure(String message) {
        super(message);
    }
}
