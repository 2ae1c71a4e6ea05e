package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.authorization.Authorization.ANY;

import io.grantflow.support.GrantflowTest;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A database from an older Grantflow, where operators could update instances, retry jobs and update their tasks:
 * the next start leaves them exactly the narrow grants, not the old ones plus the new.
 */
@GrantflowTest
class IdentitySetupUpgradeTest {

    @Autowired
    IdentitySetup setup;
    @Autowired
    AuthorizationService authorizations;

    private void widen(Resource resource, String resourceId, Permission... permissions) {
        List<Authorization> rows = authorizations.createAuthorizationQuery().groupIdIn(Groups.OPERATORS).resourceType(resource)
                .resourceId(resourceId).list();
        Authorization auth = rows.isEmpty() ? authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT) : rows.get(0);
        auth.setGroupId(Groups.OPERATORS);
        auth.setResource(resource);
        auth.setResourceId(resourceId);
        for (Permission p : permissions) {
            auth.addPermission(p);
        }
        authorizations.saveAuthorization(auth);
    }

    private boolean operatorMay(Permission permission, Resource resource, String resourceId) {
        return authorizations.isUserAuthorized("someone", List.of(Groups.OPERATORS), permission, resource, resourceId);
    }

    @Test
    void anOldDatabasesWideOperatorGrantsAreNarrowedAtStart() {
        widen(Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.UPDATE_INSTANCE, ProcessDefinitionPermissions.RETRY_JOB,
                ProcessDefinitionPermissions.SUSPEND);
        widen(Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.UPDATE, ProcessInstancePermissions.RETRY_JOB,
                Permissions.DELETE);
        String legacyTask = "legacy-task-" + System.nanoTime();
        widen(Resources.TASK, legacyTask, Permissions.READ, Permissions.UPDATE);
        assertThat(operatorMay(ProcessInstancePermissions.UPDATE, Resources.PROCESS_INSTANCE, "pi-1")).isTrue();

        setup.run(null);

        assertThat(operatorMay(ProcessInstancePermissions.READ, Resources.PROCESS_INSTANCE, "pi-1")).isTrue();
        assertThat(operatorMay(ProcessInstancePermissions.UPDATE, Resources.PROCESS_INSTANCE, "pi-1")).isFalse();
        assertThat(operatorMay(ProcessInstancePermissions.RETRY_JOB, Resources.PROCESS_INSTANCE, "pi-1")).isFalse();
        assertThat(operatorMay(Permissions.DELETE, Resources.PROCESS_INSTANCE, "pi-1")).isFalse();
        assertThat(operatorMay(ProcessDefinitionPermissions.READ_TASK, Resources.PROCESS_DEFINITION, "remote-activation-update")).isTrue();
        assertThat(operatorMay(ProcessDefinitionPermissions.UPDATE_INSTANCE, Resources.PROCESS_DEFINITION, "remote-activation-update"))
                .isFalse();
        assertThat(operatorMay(ProcessDefinitionPermissions.RETRY_JOB, Resources.PROCESS_DEFINITION, "remote-activation-update")).isFalse();
        assertThat(operatorMay(ProcessDefinitionPermissions.SUSPEND, Resources.PROCESS_DEFINITION, "remote-activation-update")).isFalse();
        assertThat(operatorMay(TaskPermissions.TASK_WORK, Resources.TASK, legacyTask)).isTrue();
        assertThat(operatorMay(TaskPermissions.UPDATE, Resources.TASK, legacyTask)).isFalse();
        assertThat(operatorMay(TaskPermissions.UPDATE_VARIABLE, Resources.TASK, legacyTask)).isFalse();
    }
}
