package vigil.analytics.motion;

import java.util.Arrays;

/**
 * The bounding boxes of the outer blobs of a binary mask, as OpenCV's {@code findContours} with
 * {@code RETR_EXTERNAL} and {@code boundingRect} give them: 8-connected blobs of non-zero pixels, a blob lying in
 * a hole of another left out, the image surrounded by zeros; in the order {@code findContours} lists them.
 *
 * <p>Works on the runs of each row (a blob touches the next row's runs that overlap it, diagonals included; the
 * background, 4-connected, those that overlap it strictly), in buffers kept across frames: nothing is allocated
 * per frame once they have grown to the masks seen. Not thread-safe: one per motion detector.
 */
final class BlobFinder {

    private int runs;
    private int[] runStart = new int[256];
    private int[] runEnd = new int[256];
    private int[] runRow = new int[256];
    /** Union-find parent of each run, foreground and background runs alike. */
    private int[] parent = new int[256];
    private boolean[] foreground = new boolean[256];
    /** Per root: the background region reaches the image's border (runs only). */
    private boolean[] outside = new boolean[256];
    private int[] rowFirstRun = new int[64];

    private int blobs;
    private int[] blobLeft = new int[64];
    private int[] blobTop = new int[64];
    private int[] blobRight = new int[64];
    private int[] blobBottom = new int[64];
    /** Per blob: its first run (its first pixel in raster order), which orders blobs as findContours does. */
    private int[] blobStart = new int[64];
    private boolean[] blobExternal = new boolean[64];
    private int[] blobOfRoot = new int[256];
    private int[] order = new int[64];
    private long[] sortKeys = new long[64];
    private int outerBlobs;

    /** Finds the outer blobs of {@code mask} ({@code width} x {@code height}, row-major, non-zero = set). */
    void find(byte[] mask, int width, int height) {
        runs = 0;
        if (rowFirstRun.length < height + 1) rowFirstRun = new int[height + 1];
        for (int y = 0; y < height; y++) {
            rowFirstRun[y] = runs;
            int row = y * width;
            int x = 0;
            while (x < width) {
                boolean set = mask[row + x] != 0;
                int start = x;
                while (x < width && (mask[row + x] != 0) == set) x++;
                addRun(start, x, y, set, !set && (y == 0 || y == height - 1 || start == 0 || x == width));
            }
        }
        rowFirstRun[height] = runs;
        for (int y = 1; y < height; y++) {
            int a = rowFirstRun[y - 1], aEnd = rowFirstRun[y];
            for (int b = rowFirstRun[y]; b < rowFirstRun[y + 1]; b++) {
                // runs of the row above that may touch run b: skip those ending before it
                while (a < aEnd && runEnd[a] < runStart[b]) a++;
                for (int k = a; k < aEnd && runStart[k] <= runEnd[b]; k++) {
                    if (foreground[k] != foreground[b]) continue;
                    boolean touch = foreground[b]
                            ? runStart[k] <= runEnd[b] && runStart[b] <= runEnd[k] // 8-connected: diagonals count
                            : runStart[k] < runEnd[b] && runStart[b] < runEnd[k];
                    if (touch) union(k, b);
                }
            }
        }
        collectBlobs();
    }

    private void addRun(int start, int end, int row, boolean set, boolean atBorder) {
        if (runs == runStart.length) {
            int n = runs * 2;
            runStart = Arrays.copyOf(runStart, n);
            runEnd = Arrays.copyOf(runEnd, n);
            runRow = Arrays.copyOf(runRow, n);
            parent = Arrays.copyOf(parent, n);
            foreground = Arrays.copyOf(foreground, n);
            outside = Arrays.copyOf(outside, n);
            blobOfRoot = Arrays.copyOf(blobOfRoot, n);
        }
        runStart[runs] = start;
        runEnd[runs] = end;
        runRow[runs] = row;
        parent[runs] = runs;
        foreground[runs] = set;
        outside[runs] = atBorder;
        runs++;
    }

    private int root(int r) {
        while (parent[r] != r) {
            parent[r] = parent[parent[r]];
            r = parent[r];
        }
        return r;
    }

    private void union(int a, int b) {
        int ra = root(a), rb = root(b);
        if (ra == rb) return;
        // the earlier run stays the root: a blob's root is its first run in raster order
        if (ra > rb) {
            int t = ra;
            ra = rb;
            rb = t;
        }
        parent[rb] = ra;
        outside[ra] |= outside[rb];
    }

    private void collectBlobs() {
        blobs = 0;
        for (int r = 0; r < runs; r++) {
            if (!foreground[r]) continue;
            int root = root(r);
            int blob;
            if (root == r) {
                blob = newBlob(r);
                blobOfRoot[r] = blob;
            } else {
                blob = blobOfRoot[root];
            }
            blobLeft[blob] = Math.min(blobLeft[blob], runStart[r]);
            blobRight[blob] = Math.max(blobRight[blob], runEnd[r]);
            blobBottom[blob] = runRow[r] + 1;
            // the pixel left of a blob's leftmost pixel in a row lies in the region around the blob: the blob is
            // outer if that region reaches the border (a run of the blob at the image's edge touches the border)
            if (runStart[r] == 0 || outside[root(r - 1)]) blobExternal[blob] = true;
        }
        int external = 0;
        for (int b = 0; b < blobs; b++) {
            if (blobExternal[b]) sortKeys[external++] = ((long) blobStart[b] << 32) | b;
        }
        // findContours lists outer blobs last found first: by their first pixel in raster order, backwards
        Arrays.sort(sortKeys, 0, external);
        for (int i = 0; i < external; i++) order[i] = (int) sortKeys[external - 1 - i];
        outerBlobs = external;
    }

    private int newBlob(int firstRun) {
        if (blobs == blobLeft.length) {
            int n = blobs * 2;
            blobLeft = Arrays.copyOf(blobLeft, n);
            blobTop = Arrays.copyOf(blobTop, n);
            blobRight = Arrays.copyOf(blobRight, n);
            blobBottom = Arrays.copyOf(blobBottom, n);
            blobStart = Arrays.copyOf(blobStart, n);
            blobExternal = Arrays.copyOf(blobExternal, n);
            order = Arrays.copyOf(order, n);
            sortKeys = Arrays.copyOf(sortKeys, n);
        }
        int b = blobs++;
        blobLeft[b] = runStart[firstRun];
        blobRight[b] = runEnd[firstRun];
        blobTop[b] = runRow[firstRun];
        blobBottom[b] = runRow[firstRun] + 1;
        blobStart[b] = firstRun;
        blobExternal[b] = false;
        return b;
    }

    /** Outer blobs found by the last {@link #find}. */
    int count() {
        return outerBlobs;
    }

    /** Left column of outer blob {@code i}. */
    int x(int i) {
        return blobLeft[order[i]];
    }

    /** Top row of outer blob {@code i}. */
    int y(int i) {
        return blobTop[order[i]];
    }

    int width(int i) {
        return blobRight[order[i]] - blobLeft[order[i]];
    }

    int height(int i) {
        return blobBottom[order[i]] - blobTop[order[i]];
    }
}
