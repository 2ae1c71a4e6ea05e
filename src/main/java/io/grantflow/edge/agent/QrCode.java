package io.grantflow.edge.agent;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The mobile update link as a QR code: a PNG file, or drawn in the terminal with half blocks (two rows a line). */
final class QrCode {

    private QrCode() {
    }

    static void writePng(String text, Path file) {
        BitMatrix matrix = encode(text, 0);
        int scale = Math.max(1, 600 / matrix.getWidth());
        BitMatrix scaled = encode(text, matrix.getWidth() * scale);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            MatrixToImageWriter.writeToPath(scaled, "PNG", file);
        } catch (IOException e) {
            throw new AgentException("qr-unwritable", "Cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Light modules are drawn, dark ones left blank: reads on the usual dark terminal, as qrencode -t UTF8 does. */
    static String terminal(String text) {
        BitMatrix m = encode(text, 0);
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y += 2) {
            for (int x = 0; x < m.getWidth(); x++) {
                boolean topLight = !m.get(x, y);
                boolean bottomLight = y + 1 >= m.getHeight() || !m.get(x, y + 1);
                out.append(topLight ? (bottomLight ? '█' : '▀') : (bottomLight ? '▄' : ' '));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static BitMatrix encode(String text, int size) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L, EncodeHintType.MARGIN, 2,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new AgentException("qr-too-large", "The link does not fit in a QR code: " + e.getMessage());
        }
    }
}
