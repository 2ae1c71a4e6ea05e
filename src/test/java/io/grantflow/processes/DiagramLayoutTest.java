package io.grantflow.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diagrams auditors and operators look at (Cockpit, Tasklist, /audit/) must be readable: checked over the
 * BPMN DI bounds of every model in processes/, as bpmn-js 8 (the viewer of all three) would draw them.
 */
class DiagramLayoutTest {

    /** Ends of a flow may touch or slightly enter its own source and target, and lines may graze a border. */
    private static final double TOLERANCE = 3;

    static List<Path> processes() throws Exception {
        return ProcessModelsTest.processes();
    }

    @ParameterizedTest
    @MethodSource("processes")
    void noShapeLabelOrLineOverlapsAnother(Path file) {
        Diagram d = new Diagram(Bpmn.readModelFromFile(file.toFile()));
        List<String> problems = new ArrayList<>();
        d.shapesDoNotOverlap(problems);
        d.labelsAreFree(problems);
        d.flowsGoAroundShapes(problems);
        assertThat(problems).as(file.getFileName() + ": the diagram overlaps\n  " + String.join("\n  ", problems)).isEmpty();
    }

    /** The check itself sees what it is for: today's models, spoilt in memory the way the old add diagram was. */
    @Test
    void seesShapesLabelsAndLinesThatOverlap() {
        BpmnModelInstance model = Bpmn.readModelFromFile(Path.of("processes/remote-activation-add.bpmn").toFile());
        Bounds task = shapeOf(model, "Task_NotifyNotApplied").getBounds();
        Bounds end = shapeOf(model, "EndEvent_ExpiredBeforeReceipt").getBounds();
        end.setX(task.getX() + 36);
        end.setY(task.getY() + 22);
        List<Waypoint> toEnd = new ArrayList<>(model.getModelElementsByType(BpmnEdge.class).stream()
                .filter(e -> e.getBpmnElement().getId().equals("Flow_ActivationExpired_to_ExpiredBeforeReceipt"))
                .findFirst().orElseThrow().getWaypoints());
        toEnd.get(toEnd.size() - 1).setX(end.getX() + 18); // the line follows the end event into the task
        toEnd.get(toEnd.size() - 1).setY(end.getY() + 18);
        Bounds timer = shapeOf(model, "Timer_FollowUpLapsed").getBounds();
        timer.setY(timer.getY() + 60); // off its activity's border
        BpmnLabel label = shapeOf(model, "Timer_ActivationExpired").getBpmnLabel();
        label.getBounds().setX(shapeOf(model, "Timer_ReceiptFollowUp").getBpmnLabel().getBounds().getX());
        label.getBounds().setY(shapeOf(model, "Timer_ReceiptFollowUp").getBpmnLabel().getBounds().getY());
        Diagram d = new Diagram(model);
        List<String> problems = new ArrayList<>();
        d.shapesDoNotOverlap(problems);
        d.labelsAreFree(problems);
        d.flowsGoAroundShapes(problems);
        assertThat(problems).anyMatch(p -> p.startsWith("shape Task_NotifyNotApplied ") && p.contains(" overlaps shape EndEvent_ExpiredBeforeReceipt "))
                .anyMatch(p -> p.startsWith("boundary event Timer_FollowUpLapsed ") && p.contains("does not straddle"))
                .anyMatch(p -> p.contains("label of Timer_ReceiptFollowUp ") && p.contains(" overlaps label of Timer_ActivationExpired "))
                .anyMatch(p -> p.startsWith("flow Flow_ActivationExpired_to_ExpiredBeforeReceipt ") && p.contains("passes through shape Task_NotifyNotApplied"));
    }

    private static BpmnShape shapeOf(BpmnModelInstance model, String elementId) {
        return model.getModelElementsByType(BpmnShape.class).stream()
                .filter(s -> s.getBpmnElement().getId().equals(elementId)).findFirst().orElseThrow();
    }

    record Box(double x, double y, double w, double h) {
        static Box of(Bounds b) {
            return new Box(b.getX(), b.getY(), b.getWidth(), b.getHeight());
        }

        /** Interiors intersect (touching borders do not count). */
        boolean overlaps(Box o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }

        boolean contains(Box o) {
            return o.x >= x && o.y >= y && o.x + o.w <= x + w && o.y + o.h <= y + h;
        }

        Box shrink(double by) {
            return new Box(x + by, y + by, Math.max(0, w - 2 * by), Math.max(0, h - 2 * by));
        }

        Box union(Box o) {
            double left = Math.min(x, o.x);
            double top = Math.min(y, o.y);
            return new Box(left, top, Math.max(x + w, o.x + o.w) - left, Math.max(y + h, o.y + o.h) - top);
        }

        /** Liang–Barsky clipping: does the segment (x1,y1)-(x2,y2) pass through this box's interior? */
        boolean crossedBy(double x1, double y1, double x2, double y2) {
            double t0 = 0;
            double t1 = 1;
            double dx = x2 - x1;
            double dy = y2 - y1;
            double[] p = {-dx, dx, -dy, dy};
            double[] q = {x1 - x, x + w - x1, y1 - y, y + h - y1};
            for (int i = 0; i < 4; i++) {
                if (p[i] == 0) {
                    if (q[i] <= 0) {
                        return false; // parallel to this side and outside (or on) it
                    }
                } else {
                    double t = q[i] / p[i];
                    if (p[i] < 0) {
                        t0 = Math.max(t0, t);
                    } else {
                        t1 = Math.min(t1, t);
                    }
                }
            }
            return t0 < t1;
        }

        @Override
        public String toString() {
            return "[x=" + num(x) + " y=" + num(y) + " w=" + num(w) + " h=" + num(h) + "]";
        }
    }

    static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    record Shape(String id, BaseElement element, Box box) {}

    record Label(String id, Box box) {}

    record Edge(String id, SequenceFlow flow, List<double[]> points) {}

    static final class Diagram {
        final List<Shape> shapes = new ArrayList<>();
        final List<Edge> edges = new ArrayList<>();
        final List<Label> labels = new ArrayList<>();

        Diagram(BpmnModelInstance model) {
            for (BpmnShape s : model.getModelElementsByType(BpmnShape.class)) {
                if (s.getBpmnElement() instanceof FlowElement element) {
                    Box box = Box.of(s.getBounds());
                    shapes.add(new Shape(element.getId(), element, box));
                    if (hasExternalLabel(element)) {
                        labels.add(new Label(element.getId(), labelBox(s.getBpmnLabel(), element.getAttributeValue("name"),
                                box.x + box.w / 2, box.y + box.h + LabelText.DEFAULT_HEIGHT / 2)));
                    }
                }
            }
            for (BpmnEdge e : model.getModelElementsByType(BpmnEdge.class)) {
                if (e.getBpmnElement() instanceof SequenceFlow flow) {
                    List<double[]> points = new ArrayList<>();
                    for (Waypoint w : e.getWaypoints()) {
                        points.add(new double[] {w.getX(), w.getY()});
                    }
                    edges.add(new Edge(flow.getId(), flow, points));
                    if (hasExternalLabel(flow)) {
                        double[] mid = flowLabelMid(points);
                        labels.add(new Label(flow.getId(), labelBox(e.getBpmnLabel(), flow.getName(), mid[0], mid[1])));
                    }
                }
            }
        }

        /** bpmn-js's isLabelExternal, for what these models use: events, gateways and sequence flows, when named. */
        private static boolean hasExternalLabel(BaseElement element) {
            String name = element.getAttributeValue("name");
            return (element instanceof Event || element instanceof Gateway || element instanceof SequenceFlow)
                    && name != null && !name.isBlank();
        }

        /**
         * Where bpmn-js 8 draws an external label (BpmnImporter#addLabel, LabelUtil#getExternalLabelBounds and
         * TextRenderer#getExternalLabelBounds): the centre is the DI label's centre, or without one
         * getExternalLabelMid (below a shape: its centre x, its bottom + 10; a flow: see flowLabelMid); the top is
         * the DI label's top, or that mid - 10; the size is the text's, wrapped at 90 px. Where the DI has bounds,
         * the box is their union with the drawn text, so both the Modeler's and the viewer's view are free.
         */
        private static Box labelBox(BpmnLabel label, String text, double defaultMidX, double defaultMidY) {
            double[] size = LabelText.size(text);
            if (label != null && label.getBounds() != null) {
                Box di = Box.of(label.getBounds());
                double midX = di.x + di.w / 2;
                return di.union(new Box(midX - size[0] / 2, di.y, size[0], size[1]));
            }
            return new Box(defaultMidX - size[0] / 2, defaultMidY - LabelText.DEFAULT_HEIGHT / 2, size[0], size[1]);
        }

        /** LabelUtil#getFlowLabelPosition: the middle of the middle segment, 15 px above it, or right of a vertical one. */
        private static double[] flowLabelMid(List<double[]> points) {
            double mid = points.size() / 2.0 - 1;
            double[] first = points.get((int) Math.floor(mid));
            double[] second = points.get((int) Math.ceil(mid + 0.01));
            double x = first[0] + (second[0] - first[0]) / 2;
            double y = first[1] + (second[1] - first[1]) / 2;
            double angle = Math.atan((second[1] - first[1]) / (second[0] - first[0]));
            return Math.abs(angle) < Math.PI / 2 ? new double[] {x, y - 15} : new double[] {x + 15, y};
        }

        void shapesDoNotOverlap(List<String> problems) {
            for (Shape s : shapes) {
                if (s.element instanceof BoundaryEvent b) {
                    Shape host = shape(b.getAttachedTo().getId());
                    if (host == null || !s.box.overlaps(host.box) || host.box.contains(s.box)) {
                        problems.add("boundary event " + s.id + " " + s.box + " does not straddle the border of "
                                + b.getAttachedTo().getId() + (host == null ? "" : " " + host.box));
                    }
                }
            }
            for (int i = 0; i < shapes.size(); i++) {
                for (int j = i + 1; j < shapes.size(); j++) {
                    Shape a = shapes.get(i);
                    Shape b = shapes.get(j);
                    if (!attached(a, b) && !attached(b, a) && a.box.overlaps(b.box)) {
                        problems.add("shape " + a.id + " " + a.box + " overlaps shape " + b.id + " " + b.box);
                    }
                }
            }
        }

        /** Labels overlap neither each other, nor a shape but their own, nor any line (their own flow's too). */
        void labelsAreFree(List<String> problems) {
            for (int i = 0; i < labels.size(); i++) {
                Label a = labels.get(i);
                for (int j = i + 1; j < labels.size(); j++) {
                    Label b = labels.get(j);
                    if (a.box.overlaps(b.box)) {
                        problems.add("label of " + a.id + " " + a.box + " overlaps label of " + b.id + " " + b.box);
                    }
                }
                for (Shape s : shapes) {
                    if (!s.id.equals(a.id) && a.box.overlaps(s.box)) {
                        problems.add("label of " + a.id + " " + a.box + " overlaps shape " + s.id + " " + s.box);
                    }
                }
                Box inner = a.box.shrink(1);
                for (Edge e : edges) {
                    for (int k = 1; k < e.points.size(); k++) {
                        double[] p = e.points.get(k - 1);
                        double[] q = e.points.get(k);
                        if (inner.crossedBy(p[0], p[1], q[0], q[1])) {
                            problems.add("label of " + a.id + " " + a.box + " lies on flow " + e.id + " segment "
                                    + point(p) + "-" + point(q));
                        }
                    }
                }
            }
        }

        /** No segment passes through a shape other than the flow's source and target (a few px at the ends allowed). */
        void flowsGoAroundShapes(List<String> problems) {
            for (Edge e : edges) {
                String source = e.flow.getSource().getId();
                String target = e.flow.getTarget().getId();
                for (Shape s : shapes) {
                    if (s.id.equals(source) || s.id.equals(target)) {
                        continue;
                    }
                    Box inner = s.box.shrink(TOLERANCE);
                    for (int k = 1; k < e.points.size(); k++) {
                        double[] p = e.points.get(k - 1);
                        double[] q = e.points.get(k);
                        if (inner.crossedBy(p[0], p[1], q[0], q[1])) {
                            problems.add("flow " + e.id + " segment " + point(p) + "-" + point(q) + " passes through shape "
                                    + s.id + " " + s.box);
                        }
                    }
                }
            }
        }

        private Shape shape(String id) {
            return shapes.stream().filter(s -> s.id.equals(id)).findFirst().orElse(null);
        }

        /** A boundary event and the activity it is attached to. */
        private static boolean attached(Shape event, Shape host) {
            return event.element instanceof BoundaryEvent b && b.getAttachedTo().getId().equals(host.id);
        }

        private static String point(double[] p) {
            return "(" + num(p[0]) + "," + num(p[1]) + ")";
        }
    }

    /**
     * The size bpmn-js gives an external label's text: 11 px Arial (TextRenderer's external style), lines wrapped
     * at 90 px (diagram-js Text#layoutNext breaks at spaces, and inside a word only when it alone is too wide),
     * 14 px a line (11 px × line height 1.2 = 13.2, rounded up). Widths are Arial's advance widths per 1000 em;
     * Chromium draws Arial or its metric twin Liberation Sans.
     */
    static final class LabelText {
        static final double DEFAULT_HEIGHT = 20; // LabelUtil.DEFAULT_LABEL_SIZE.height
        static final double MAX_WIDTH = 90;
        static final double LINE = 14;
        static final double FONT = 11;

        static double[] size(String text) {
            List<Double> lines = new ArrayList<>();
            double line = 0;
            for (String word : text.trim().split("\\s+")) {
                double w = width(word);
                double withWord = line == 0 ? w : line + width(" ") + w;
                if (withWord <= MAX_WIDTH) {
                    line = withWord;
                    continue;
                }
                if (line > 0) {
                    lines.add(line);
                }
                while (w > MAX_WIDTH) { // a word too long for one line is broken
                    lines.add(MAX_WIDTH);
                    w -= MAX_WIDTH;
                }
                line = w;
            }
            lines.add(line);
            double widest = lines.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            return new double[] {Math.ceil(widest), lines.size() * LINE};
        }

        static double width(String s) {
            double units = 0;
            for (char c : s.toCharArray()) {
                units += advance(c);
            }
            return units * FONT / 1000;
        }

        private static int advance(char c) {
            if ("ijl'".indexOf(c) >= 0) {
                return 222;
            }
            if (" ftI.,:;/!".indexOf(c) >= 0) {
                return 278;
            }
            if ("r()-".indexOf(c) >= 0) {
                return 333;
            }
            if ("cksvxyzJ".indexOf(c) >= 0) {
                return 500;
            }
            if ("FTZ".indexOf(c) >= 0) {
                return 611;
            }
            if ("ABEKPSVXY".indexOf(c) >= 0) {
                return 667;
            }
            if ("CDHNRUw".indexOf(c) >= 0) {
                return 722;
            }
            if ("GOQ".indexOf(c) >= 0) {
                return 778;
            }
            if ("mM".indexOf(c) >= 0) {
                return 833;
            }
            if (c == 'W') {
                return 944;
            }
            return 556; // the other lower-case letters, digits, '?', '_'
        }
    }
}
