package io.grantflow.support;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads the text of a QR code PNG written by the agent. */
public final class QrImages {

    private QrImages() {
    }

    /**
     * The agent writes a pure, axis-aligned barcode, so it is read as one: ZXing's finder-pattern search (meant for
     * photos) misses about one in twenty dense codes of this size, which made tests decided by chance. Read as a QR
     * code only: a reader of every format finds a one-dimensional barcode in a row of some codes' modules.
     */
    public static String read(Path png) throws IOException, NotFoundException, ChecksumException, FormatException {
        return new QRCodeReader().decode(
                new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(ImageIO.read(png.toFile())))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
