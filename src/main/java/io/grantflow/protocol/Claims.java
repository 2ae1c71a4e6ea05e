package io.grantflow.protocol;

/**
 * The names of the claims Grantflow's and the edge's tokens carry beyond the registered ones (iss, sub, aud, iat,
 * exp, jti): one spelling for the server that signs or checks them and the agent that reads or writes them.
 */
public final class Claims {

    private Claims() {
    }

    /** connection+jwt, update+jwt: the license the activation draws its seats from. */
    public static final String LICENSE = "license";
    /** connection+jwt: seats granted; update+jwt: seats the installation holds now. */
    public static final String SEATS = "seats";
    /** connection+jwt: when the activation itself ends (epoch seconds). */
    public static final String ACTIVATION_EXP = "activation_exp";
    /** connection+jwt: makes every connection token of an activation a different text. */
    public static final String NONCE = "nonce";
    /** receipt+jwt: the jti of the connection token the installation applied. */
    public static final String CONNECTION_JTI = "connection_jti";
    /** revoke+jwt: the jti of the credit file whose credits the system gave up. */
    public static final String FILE_JTI = "file_jti";
    /** credits+jwt: the assignments of the file, each an object of the four names below. */
    public static final String ASSIGNMENTS = "assignments";
    /** An assignment in a credits+jwt: its id. */
    public static final String ASSIGNMENT_ID = "id";
    /** An assignment in a credits+jwt: the subscription it draws from. */
    public static final String SUBSCRIPTION = "subscription";
    /** An assignment in a credits+jwt: the credits it carries. */
    public static final String CREDITS = "credits";
    /** An assignment in a credits+jwt: when its credits expire (epoch seconds), absent for none. */
    public static final String EXPIRES_AT = "expires_at";
}
