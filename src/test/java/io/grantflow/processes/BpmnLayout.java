package io.grantflow.processes;

import java.io.File;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnDiagram;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnPlane;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;

/**
 * A developer's tool, not part of Grantflow: gives a hand-written BPMN file a plain left-to-right layout
 * (BPMN DI), so Tasklist, Cockpit and the auditor's page can draw it. Run once after editing a process by hand:
 * {@code java -cp target/test-classes:$(cat target/cp.txt) io.grantflow.processes.BpmnLayout processes/x.bpmn};
 * a modeler's layout is better, and this never replaces one that exists. {@link ProcessModelsTest} checks
 * that every process has a diagram.
 */
public final class BpmnLayout {

    private static final int COLUMN = 170;
    private static final int ROW = 130;

    private final BpmnModelInstance model;
    private final BpmnPlane plane;
    private final Map<String, double[]> boxes = new HashMap<>(); // id -> x, y, w, h

    private BpmnLayout(BpmnModelInstance model, BpmnPlane plane) {
        this.model = model;
        this.plane = plane;
    }

    public static void main(String[] args) {
        for (String path : args) {
            File file = new File(path);
            BpmnModelInstance model = Bpmn.readModelFromFile(file);
            if (!model.getModelElementsByType(BpmnDiagram.class).isEmpty()) {
                System.out.println(path + ": has a diagram already, left as it is");
                continue;
            }
            layout(model);
            Bpmn.writeModelToFile(file, model);
            System.out.println(path + ": laid out");
        }
    }

    public static void layout(BpmnModelInstance model) {
        Process process = model.getModelElementsByType(Process.class).iterator().next();
        BpmnDiagram diagram = model.newInstance(BpmnDiagram.class);
        diagram.setId("Diagram_" + process.getId().replace('-', '_'));
        BpmnPlane plane = model.newInstance(BpmnPlane.class);
        plane.setId("Plane_" + process.getId().replace('-', '_'));
        plane.setBpmnElement(process);
        diagram.setBpmnPlane(plane);
        model.getDefinitions().addChildElement(diagram);
        BpmnLayout layout = new BpmnLayout(model, plane);
        double bottom = layout.place(process.getChildElementsByType(FlowElement.class), 100, 80);
        for (SubProcess sub : process.getChildElementsByType(SubProcess.class)) {
            double top = bottom + 60;
            double innerBottom = layout.place(sub.getChildElementsByType(FlowElement.class), 160, top + 50);
            double right = layout.boxes.values().stream().filter(b -> b[1] >= top).mapToDouble(b -> b[0] + b[2]).max().orElse(400);
            layout.shape(sub, 120, top, right - 120 + 60, innerBottom - top + 40, true);
            bottom = innerBottom + 60;
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            layout.edge(flow);
        }
    }

    /** Places a container's nodes in columns by their distance from its start events; answers the lowest y used. */
    private double place(Collection<FlowElement> elements, double left, double top) {
        List<FlowNode> nodes = new ArrayList<>();
        for (FlowElement e : elements) {
            if (e instanceof FlowNode n && !(e instanceof BoundaryEvent) && !(e instanceof SubProcess)) {
                nodes.add(n);
            }
        }
        // Keyed by id: the model API hands out new wrapper objects for the same element.
        Map<String, FlowNode> byId = new LinkedHashMap<>();
        nodes.forEach(n -> byId.put(n.getId(), n));
        Map<String, Integer> column = new LinkedHashMap<>();
        Deque<FlowNode> queue = new ArrayDeque<>();
        for (FlowNode n : nodes) {
            if (n instanceof StartEvent || incoming(n.getId()) == 0) {
                column.put(n.getId(), 0);
                queue.add(n);
            }
        }
        while (!queue.isEmpty()) {
            FlowNode n = queue.poll();
            List<FlowNode> next = new ArrayList<>();
            next.addAll(targets(n.getId()));
            for (BoundaryEvent b : boundaries(n)) {
                next.addAll(targets(b.getId()));
            }
            for (FlowNode t : next) {
                if (byId.containsKey(t.getId()) && !column.containsKey(t.getId())) {
                    column.put(t.getId(), column.get(n.getId()) + 1);
                    queue.add(t);
                }
            }
        }
        for (FlowNode n : nodes) {
            column.putIfAbsent(n.getId(), 0);
        }
        Map<Integer, Integer> rows = new HashMap<>();
        double bottom = top;
        for (Map.Entry<String, Integer> entry : column.entrySet()) {
            FlowNode n = byId.get(entry.getKey());
            int row = rows.merge(entry.getValue(), 1, Integer::sum) - 1;
            double[] size = size(n);
            double x = left + entry.getValue() * COLUMN + (100 - size[0]) / 2;
            double y = top + row * ROW + (80 - size[1]) / 2;
            shape(n, x, y, size[0], size[1], false);
            bottom = Math.max(bottom, y + size[1]);
            int i = 0;
            for (BoundaryEvent b : boundaries(n)) {
                shape(b, x + 10 + i++ * 40, y + size[1] - 18, 36, 36, false);
            }
        }
        return bottom + 40;
    }

    /** From the flows' sourceRef and targetRef: hand-written files seldom list a node's incoming and outgoing. */
    private List<FlowNode> targets(String sourceId) {
        List<FlowNode> targets = new ArrayList<>();
        for (SequenceFlow f : model.getModelElementsByType(SequenceFlow.class)) {
            if (f.getSource().getId().equals(sourceId)) {
                targets.add(f.getTarget());
            }
        }
        return targets;
    }

    private long incoming(String targetId) {
        return model.getModelElementsByType(SequenceFlow.class).stream().filter(f -> f.getTarget().getId().equals(targetId)).count();
    }

    private List<BoundaryEvent> boundaries(FlowNode n) {
        List<BoundaryEvent> attached = new ArrayList<>();
        for (BoundaryEvent b : model.getModelElementsByType(BoundaryEvent.class)) {
            if (b.getAttachedTo().getId().equals(n.getId())) {
                attached.add(b);
            }
        }
        return attached;
    }

    private static double[] size(FlowNode n) {
        if (n instanceof Event) {
            return new double[] {36, 36};
        }
        if (n instanceof Gateway) {
            return new double[] {50, 50};
        }
        return new double[] {100, 80};
    }

    private void shape(BaseElement element, double x, double y, double w, double h, boolean expanded) {
        BpmnShape shape = model.newInstance(BpmnShape.class);
        shape.setId("Shape_" + element.getId());
        shape.setBpmnElement(element);
        if (expanded) {
            shape.setExpanded(true);
        }
        Bounds bounds = model.newInstance(Bounds.class);
        bounds.setX(x);
        bounds.setY(y);
        bounds.setWidth(w);
        bounds.setHeight(h);
        shape.setBounds(bounds);
        plane.addChildElement(shape);
        boxes.put(element.getId(), new double[] {x, y, w, h});
    }

    private void edge(SequenceFlow flow) {
        double[] s = boxes.get(flow.getSource().getId());
        double[] t = boxes.get(flow.getTarget().getId());
        if (s == null || t == null) {
            return;
        }
        BpmnEdge edge = model.newInstance(BpmnEdge.class);
        edge.setId("Edge_" + flow.getId());
        edge.setBpmnElement(flow);
        double sx = s[0] + s[2];
        double sy = s[1] + s[3] / 2;
        double tx = t[0];
        double ty = t[1] + t[3] / 2;
        if (flow.getSource() instanceof BoundaryEvent) {
            sx = s[0] + s[2] / 2;
            sy = s[1] + s[3];
        }
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {sx, sy});
        if (tx > sx) {
            double mid = sx + Math.max(15, (tx - sx) / 2);
            if (sy != ty) {
                if (flow.getSource() instanceof BoundaryEvent) {
                    points.add(new double[] {sx, ty});
                } else {
                    points.add(new double[] {mid, sy});
                    points.add(new double[] {mid, ty});
                }
            }
        } else {
            // A loop back: around underneath.
            double below = Math.max(s[1] + s[3], t[1] + t[3]) + 30;
            points.add(new double[] {sx + 15, sy});
            points.add(new double[] {sx + 15, below});
            points.add(new double[] {tx - 15, below});
            points.add(new double[] {tx - 15, ty});
        }
        points.add(new double[] {tx, ty});
        for (double[] p : points) {
            Waypoint w = model.newInstance(Waypoint.class);
            w.setX(p[0]);
            w.setY(p[1]);
            edge.addChildElement(w);
        }
        plane.addChildElement(edge);
    }
}
