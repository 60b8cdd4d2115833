/* placeholder until implemented */
typedef int cqa_placeholder_t;
