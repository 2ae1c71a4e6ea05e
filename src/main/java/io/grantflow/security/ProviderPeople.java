package io.grantflow.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.IdentityOperationResult;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.persistence.GenericManagerFactory;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.springframework.stereotype.Component;

/**
 * The Camunda users of people who sign in through the identity provider: {@code sso-} and 32 hex digits of
 * SHA-256(issuer, subject), so a person stays the same user whatever name they go by at the provider, and no provider
 * name can reach a local user. Ids of that shape are reserved: the engine refuses to create one (Camunda Admin,
 * {@code /engine-rest/user/create}, the identity service) unless the provider's sign-in does.
 */
@Component
class ProviderPeople extends AbstractProcessEnginePlugin {

    static final Pattern RESERVED = Pattern.compile("sso-[0-9a-f]{32}");
    private static final ThreadLocal<Boolean> SIGN_IN = ThreadLocal.withInitial(() -> false);

    static String userId(String issuer, String subject) {
        try {
            // a newline is in no issuer URL: issuer and subject cannot run into each other
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((issuer + "\n" + subject).getBytes(StandardCharsets.UTF_8));
            return "sso-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Saves a provider person's user: the one way a reserved id is created. */
    static void save(IdentityService identity, User user) {
        SIGN_IN.set(true);
        try {
            identity.saveUser(user);
        } finally {
            SIGN_IN.remove();
        }
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setIdentityProviderSessionFactory(new GenericManagerFactory(ReservedIds.class));
    }

    /** The engine's database identity provider, refusing to create a user with a reserved id outside a sign-in. */
    public static class ReservedIds extends DbIdentityServiceProvider {

        @Override
        public IdentityOperationResult saveUser(User user) {
            boolean creating = user instanceof UserEntity entity && entity.getRevision() == 0;
            if (creating && user.getId() != null && RESERVED.matcher(user.getId()).matches() && !SIGN_IN.get()) {
                throw new BadUserRequestException("User ids of the form sso-<32 hex digits> are reserved for people who sign in"
                        + " through the identity provider: " + user.getId());
            }
            return super.saveUser(user);
        }
    }
}
