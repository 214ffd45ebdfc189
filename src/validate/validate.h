/*
 * validate.h - checks and normalises a loaded model before layout
 * (stage 2).  After validate succeeds, layout may assume: item numbers
 * are unique and set; every image exists, is a PNG or JPEG within the
 * limits, and has its pixel size filled in; dates are real dates.
 */
#ifndef AP_VALIDATE_H
#define AP_VALIDATE_H

#include "../model/model.h"

/* Returns the number of errors reported (0 when the model is sound). */
int validate_meeting(struct arena *a, struct meeting *m);

/* Numbers the sub-items the file left unnumbered with the style's
 * subitem_number ("{item}({letter})": 5(a), 5(b)) and reports a number
 * that repeats another.  Call after validate_meeting, with the style the
 * pack is built in.  Returns the number of errors. */
int validate_numbers(struct arena *a, struct meeting *m,
    const struct style *l);

/* Checks the images in a layout's standing pages and exempt wording,
 * filling in their pixel sizes.  Returns the number of errors. */
int validate_style(struct arena *a, struct style *l);

#endif
