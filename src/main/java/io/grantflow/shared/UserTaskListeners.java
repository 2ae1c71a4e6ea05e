package io.grantflow.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Listeners a feature adds to its user tasks from Java, when the models are parsed: what the task shows or who may
 * see it is the feature's code, not a line every BPMN must remember.
 */
public final class UserTaskListeners {

    private UserTaskListeners() {
    }

    /** From a process engine plugin's {@code preInit}: {@code listener} runs when one of these tasks is created. */
    public static void onCreate(ProcessEngineConfigurationImpl configuration, Set<String> taskIds, TaskListener listener) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                if (taskIds.contains(activity.getId()) && activity.getActivityBehavior() instanceof UserTaskActivityBehavior behavior) {
                    behavior.getTaskDefinition().addTaskListener(TaskListener.EVENTNAME_CREATE, listener);
                }
            }
        });
        configuration.setCustomPostBPMNParseListeners(listeners);
    }
}
