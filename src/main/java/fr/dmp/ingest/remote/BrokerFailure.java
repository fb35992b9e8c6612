package fr.dmp.ingest.remote;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Why the broker did not take a connection, in the broker's own words: its reply text ({@code NOT_ALLOWED - vhost x
 * not found}, {@code ACCESS_REFUSED - Login was refused ...}) or the socket's ({@code Connection refused}). A worker
 * said only "com.rabbitmq.client.ShutdownSignalException", a manager "unreachable" for a virtual host that does not
 * exist (round 32, a tester).
 */
public final class BrokerFailure {

    private static final java.util.regex.Pattern REPLY = java.util.regex.Pattern.compile("reply-text=([^,]{1,160})");

    private BrokerFailure() {
    }

    /** The broker's address and virtual host, as the connection factory has them. */
    public static String where(ConnectionFactory c) {
        return c.getHost() + ":" + c.getPort() + " (virtual host " + c.getVirtualHost() + ")";
    }

    /** The cause in one short printable line. */
    public static String describe(Throwable t) {
        String reply = null;
        String last = null;
        int depth = 0;
        for (Throwable c = t; c != null && depth++ < 20; c = c.getCause() == c ? null : c.getCause()) { // a cycle ends
            String m = c.getMessage();
            if (m != null) {
                java.util.regex.Matcher r = REPLY.matcher(m);
                if (r.find()) {
                    reply = r.group(1);
                }
                last = m;
            }
            if (c.getCause() == null) {
                if (reply == null && last == null) {
                    last = c.getClass().getSimpleName();
                }
                break;
            }
        }
        String text = reply != null ? reply : last == null ? t.getClass().getSimpleName() : last;
        text = text.replaceAll("\\p{C}", " ").strip();
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }
}
